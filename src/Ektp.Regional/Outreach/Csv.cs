using System.Text;

namespace Ektp.Regional.Outreach;

/// <summary>RFC 4180 CSV for the outreach lists: written UTF-8 with a BOM (so spreadsheet programs read the names
/// right), read with a comma or — as spreadsheets in an Indonesian locale save it — a semicolon.</summary>
internal static class Csv
{
    public static byte[] Write(IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', header.Select(Field))).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row.Select(Field))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Quotes a field when needed, and defuses text a spreadsheet would run as a formula.</summary>
    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !IsNumber(value))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n', ';']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static bool IsNumber(string value) => value.Skip(1).All(c => char.IsAsciiDigit(c) || c == '.');

    /// <summary>Splits one line into fields; false when a quote is not closed or text follows a closing quote.</summary>
    public static bool TrySplit(string line, char separator, List<string> fields)
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

                    field.Append(line[i++]);
                }

                if (i < line.Length && line[i] != separator)
                {
                    return false;
                }
            }
            else
            {
                var end = line.IndexOf(separator, i);
                end = end < 0 ? line.Length : end;
                field.Append(line, i, end - i);
                i = end;
            }

            fields.Add(field.ToString().Trim());
            if (i >= line.Length)
            {
                return true;
            }

            i++; // the separator
        }
    }
}
