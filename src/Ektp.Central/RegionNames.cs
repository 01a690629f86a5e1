using Ektp.Core.Regions;

namespace Ektp.Central;

/// <summary>Names of official region codes for texts and pages; an unknown code is shown as itself.</summary>
internal static class RegionNames
{
    public static string Of(string? code) =>
        code is not null && RegionCatalog.Official.Find(code) is { } region ? region.Name : code ?? "";

    /// <summary>"Kota Dumai (1472)".</summary>
    public static string WithCode(string code) =>
        RegionCatalog.Official.Find(code) is { } region ? $"{region.Name} ({code})" : code;
}
