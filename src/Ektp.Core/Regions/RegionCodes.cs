namespace Ektp.Core.Regions;

/// <summary>Conversions between the dotted and the plain-digit forms of region codes.</summary>
public static class RegionCodes
{
    /// <summary>
    /// Normalises a region code given dotted (<c>14.72</c>) or as plain digits (<c>1472</c>) to plain digits.
    /// Returns false unless the code has 2, 4, 6 or 10 digits and, when dotted, dots in the right places.
    /// </summary>
    /// <param name="code">The code as typed.</param>
    /// <param name="digits">The code without dots.</param>
    /// <returns>True when the input has the shape of a region code.</returns>
    public static bool TryNormalize(string? code, out string digits)
    {
        digits = string.Empty;
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        var text = code.Trim();
        if (text.Contains('.', StringComparison.Ordinal))
        {
            var parts = text.Split('.');
            int[] lengths = [2, 2, 2, 4];
            if (parts.Length > lengths.Length)
            {
                return false;
            }

            for (var i = 0; i < parts.Length; i++)
            {
                if (parts[i].Length != lengths[i] || !IsAsciiDigits(parts[i]))
                {
                    return false;
                }
            }

            digits = string.Concat(parts);
            return true;
        }

        if (!IsAsciiDigits(text) || LevelOfDigits(text.Length) is null)
        {
            return false;
        }

        digits = text;
        return true;
    }

    /// <summary>Formats plain digits (2, 4, 6 or 10 of them) as a dotted code.</summary>
    /// <param name="digits">The code without dots.</param>
    /// <returns>The dotted code.</returns>
    /// <exception cref="FormatException">The digits are not a region code.</exception>
    public static string ToDotted(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (!IsAsciiDigits(digits))
        {
            throw new FormatException($"'{digits}' is not a region code: only digits are allowed.");
        }

        return digits.Length switch
        {
            2 => digits,
            4 => $"{digits[..2]}.{digits[2..4]}",
            6 => $"{digits[..2]}.{digits[2..4]}.{digits[4..6]}",
            10 => $"{digits[..2]}.{digits[2..4]}.{digits[4..6]}.{digits[6..]}",
            _ => throw new FormatException($"'{digits}' is not a region code: it must have 2, 4, 6 or 10 digits."),
        };
    }

    /// <summary>The level a code of this many digits denotes (2, 4, 6, 10), or null.</summary>
    /// <param name="length">The number of digits.</param>
    /// <returns>The level, or null for any other length.</returns>
    public static RegionLevel? LevelOfDigits(int length) => length switch
    {
        2 => RegionLevel.Provinsi,
        4 => RegionLevel.KabupatenKota,
        6 => RegionLevel.Kecamatan,
        10 => RegionLevel.KelurahanDesa,
        _ => null,
    };

    /// <summary>The number of digits of a code at this level.</summary>
    /// <param name="level">The level.</param>
    /// <returns>2, 4, 6 or 10.</returns>
    public static int DigitsOf(RegionLevel level) => level switch
    {
        RegionLevel.Provinsi => 2,
        RegionLevel.KabupatenKota => 4,
        RegionLevel.Kecamatan => 6,
        RegionLevel.KelurahanDesa => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown region level."),
    };

    internal static string StripDots(string code) => code.Replace(".", string.Empty, StringComparison.Ordinal);

    internal static bool IsAsciiDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
