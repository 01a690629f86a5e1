namespace Ektp.Biometrics.Engine.Extraction;

/// <summary>
/// Ridge counts: how many ridges the straight line between two minutiae crosses, read from the binarised ridges.
/// A classic AFIS feature (the FBI's and ISO/IEC 19794-2's ridge-count data) that complements the minutiae's
/// geometry: two impressions of a finger cross the same ridges between the same two minutiae, while two fingers
/// whose minutiae happen to line up rarely do. Breaks in dotted ridges fake minutiae but move few ridge counts.
/// </summary>
internal static class RidgeCounter
{
    /// <summary>The value of a pair that was not counted: the line leaves the print, or it crosses 15 ridges or more.</summary>
    public const byte Unknown = 15;

    // The line's first and last few pixels (a ridge's half width) lie on the minutiae's own ridges and are not read.
    // A run of ridge or valley pixels must be this long to count, so that a ragged ridge edge or a pore does not count
    // as a valley and a ridge.
    private const int EndSkip = 3;
    private const int MinRun = 2;

    /// <summary>
    /// Ridges crossed between (x0, y0) and (x1, y1) on <paramref name="ridges"/> (pixels of the extraction's image):
    /// ridges entered from a valley between the line's first and last <c>EndSkip</c> pixels, so the ridges the two
    /// points lie on are not counted when the line leaves them squarely (a line that meets its end ridge at a slant
    /// may enter it in time to count it: the matcher allows counts to differ by one). <see cref="Unknown"/> when the
    /// line leaves the print's mask. Callers pass a pair in one fixed order, so a pair always has one count.
    /// </summary>
    public static byte Count(bool[] ridges, BlockField field, int width, int height, int x0, int y0, int x1, int y1)
    {
        int dx = x1 - x0, dy = y1 - y0;
        var steps = (int)Math.Ceiling(Math.Sqrt((dx * dx) + (dy * dy)));
        int count = 0, state = -1, pending = -1, run = 0;
        for (var t = EndSkip; t <= steps - EndSkip; t++)
        {
            var x = (int)Math.Round(x0 + (dx * (double)t / steps));
            var y = (int)Math.Round(y0 + (dy * (double)t / steps));
            if ((uint)x >= (uint)width || (uint)y >= (uint)height || !field.InMask(x, y))
            {
                return Unknown;
            }

            var value = ridges[(y * width) + x] ? 1 : 0;
            run = value == pending ? run + 1 : 1;
            pending = value;
            if (run >= MinRun && pending != state)
            {
                // A ridge entered from a valley; the first stable run is the first point's own ridge or its valley.
                count += state == 0 ? 1 : 0;
                state = pending;
            }
        }

        return (byte)Math.Min(count, Unknown);
    }
}
