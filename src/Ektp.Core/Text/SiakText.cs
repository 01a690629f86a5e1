using System.Text;

namespace Ektp.Core.Text;

/// <summary>Normalisation of SIAK code texts before lookup.</summary>
internal static class SiakText
{
    /// <summary>Upper-case (invariant), trimmed, inner runs of white space collapsed to one space.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    public static bool TryLookup<T>(IReadOnlyDictionary<string, T> table, string? text, out T value)
        where T : struct => table.TryGetValue(Normalize(text), out value);
}
