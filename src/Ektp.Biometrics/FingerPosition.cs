namespace Ektp.Biometrics;

/// <summary>Finger positions with their ISO/IEC 19794-2 finger codes.</summary>
public enum FingerPosition
{
    /// <summary>Position not known (ISO code 0).</summary>
    Unknown = 0,

    /// <summary>Right thumb.</summary>
    RightThumb = 1,

    /// <summary>Right index finger.</summary>
    RightIndex = 2,

    /// <summary>Right middle finger.</summary>
    RightMiddle = 3,

    /// <summary>Right ring finger.</summary>
    RightRing = 4,

    /// <summary>Right little finger.</summary>
    RightLittle = 5,

    /// <summary>Left thumb.</summary>
    LeftThumb = 6,

    /// <summary>Left index finger.</summary>
    LeftIndex = 7,

    /// <summary>Left middle finger.</summary>
    LeftMiddle = 8,

    /// <summary>Left ring finger.</summary>
    LeftRing = 9,

    /// <summary>Left little finger.</summary>
    LeftLittle = 10,
}
