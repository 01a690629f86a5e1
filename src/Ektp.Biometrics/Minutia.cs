namespace Ektp.Biometrics;

/// <summary>Kind of a minutia, coded as in ISO/IEC 19794-2 (01 = ridge ending, 10 = bifurcation).</summary>
public enum MinutiaType : byte
{
    /// <summary>Not known (ISO code 00).</summary>
    Other = 0,

    /// <summary>A ridge ends.</summary>
    Ending = 1,

    /// <summary>A ridge splits in two.</summary>
    Bifurcation = 2,
}

/// <summary>
/// One minutia at 500 dpi. <see cref="Angle"/> counts 256ths of a turn from the +x axis towards +y in image
/// coordinates (y grows downwards, so this is clockwise on screen); it points into the ridge of an ending and
/// between the two branches of a bifurcation (the ISO/IEC 19794-2 convention, which sees both as the same
/// event on the ridge or on the valley).
/// </summary>
/// <param name="X">Column in pixels at 500 dpi.</param>
/// <param name="Y">Row in pixels at 500 dpi.</param>
/// <param name="Angle">Direction in 256ths of a full turn.</param>
/// <param name="Type">Ending or bifurcation.</param>
/// <param name="Quality">Local image quality around the minutia, 0–100.</param>
public readonly record struct Minutia(short X, short Y, byte Angle, MinutiaType Type, byte Quality)
{
    /// <summary>Direction in radians in [0, 2π), same convention as <see cref="Angle"/>.</summary>
    public double Direction => Angle * (2 * Math.PI / 256);
}
