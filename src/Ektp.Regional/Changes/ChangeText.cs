using System.Globalization;
using Ektp.Regional.Web;

namespace Ektp.Regional.Changes;

/// <summary>How the operator pages word a change: the refusal's title in the page's language, and the
/// evidence.</summary>
internal static class ChangeText
{
    public static string Title(UiText text, ChangeResult.Refused problem)
    {
        if (text.Language == "en")
        {
            return problem.Title;
        }

        var key = "changes.problem." + problem.Code;
        var title = text[key];
        return title == key ? problem.Title : title;
    }

    public static string Evidence(UiText text, ChangeView change)
    {
        var parts = new List<string>();
        if (change.CourtDecision is { } court)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{text["changes.courtshort"]} {court.Number}, {court.Court}, {court.Date:yyyy-MM-dd}"));
        }

        if (change.Document is { } document)
        {
            parts.Add($"{text["changes.documentshort"]} {document}");
        }

        if (change.PoliceReport is { } police)
        {
            parts.Add($"{text["changes.policeshort"]} {police}");
        }

        if (change.DamagedCard is { } damaged)
        {
            parts.Add($"{text["changes.damagedshort"]} {damaged}");
        }

        return string.Join("; ", parts);
    }
}
