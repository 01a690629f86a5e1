namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>Byte angles: 256 steps per turn, so wrap-around is free with byte arithmetic.</summary>
internal static class Angles
{
    public static byte FromRadians(double radians)
    {
        var v = (int)Math.Round(radians * 256 / (2 * Math.PI));
        return (byte)(v & 255);
    }

    public static byte FromVector(double dx, double dy) => FromRadians(Math.Atan2(dy, dx));

    /// <summary>Absolute difference between two byte angles, 0..128.</summary>
    public static int Distance(int a, int b)
    {
        var d = (a - b) & 255;
        return d > 128 ? 256 - d : d;
    }
}
