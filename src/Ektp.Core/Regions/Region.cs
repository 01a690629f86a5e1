namespace Ektp.Core.Regions;

/// <summary>One region of the official Kemendagri list.</summary>
/// <param name="Code">The dotted code, e.g. <c>14.72.01.1001</c>.</param>
/// <param name="Name">The official name; kab/kota names carry the prefix <c>Kabupaten </c> or <c>Kota </c>.</param>
/// <param name="Level">The administrative level.</param>
/// <param name="ParentCode">The dotted code of the enclosing region; null for a province.</param>
public sealed record Region(string Code, string Name, RegionLevel Level, string? ParentCode)
{
    /// <summary>The code without dots, e.g. <c>1472011001</c>; the first 6 digits of a NIK use this form.</summary>
    public string Digits => RegionCodes.StripDots(Code);

    /// <inheritdoc />
    public override string ToString() => $"{Code} {Name}";
}
