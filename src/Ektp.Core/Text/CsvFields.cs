using System.Text;

namespace Ektp.Core.Text;

/// <summary>RFC 4180 field splitting for one record already read as a single line.</summary>
internal static class CsvFields
{
    /// <summary>
    /// Splits a record into fields. Returns false when a quoted field is not closed, or when text follows a
    /// closing quote before the next comma.
    /// </summary>
    public static bool TrySplit(string line, List<string> fields)
    {
        fields.Clear();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return false;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i]);
                    i++;
                }

                if (i < line.Length && line[i] != ',')
                {
                    return false;
                }
            }
            else
            {
                var comma = line.IndexOf(',', i);
                var end = comma < 0 ? line.Length : comma;
                field.Append(line, i, end - i);
                i = end;
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return true;
            }

            i++;
        }
    }

    /// <summary>Quotes a field when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
