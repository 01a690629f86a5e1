using System.Globalization;
using Ektp.Core.Text;

namespace Ektp.Core.Regions;

/// <summary>
/// The official list of regions (provinsi, kab/kota, kecamatan, kelurahan/desa) with lookups by code, by name and
/// along the parent chain. Immutable once loaded, so one instance can be shared between threads.
/// </summary>
public sealed class RegionCatalog
{
    private const string WilayahResource = "Ektp.Core.Regions.wilayah.csv";
    private const string PopulationResource = "Ektp.Core.Regions.wilayah_penduduk.csv";

    private static readonly Lazy<RegionCatalog> OfficialCatalog = new(LoadOfficial, isThreadSafe: true);
    private static readonly IReadOnlyList<Region> None = [];

    private readonly Dictionary<string, Region> _byDigits;
    private readonly Dictionary<string, List<Region>> _children;
    private readonly Dictionary<string, List<Region>> _byName;
    private readonly Dictionary<string, long> _population;
    private readonly Region[] _ordered;

    private RegionCatalog(Dictionary<string, Region> byDigits, Dictionary<string, long> population)
    {
        _byDigits = byDigits;
        _population = population;
        _children = new Dictionary<string, List<Region>>(StringComparer.Ordinal);
        _byName = new Dictionary<string, List<Region>>(StringComparer.OrdinalIgnoreCase);
        _ordered = byDigits.Values.OrderBy(r => r.Code, StringComparer.Ordinal).ToArray();
        foreach (var region in _ordered)
        {
            if (region.ParentCode is { } parent)
            {
                var parentDigits = RegionCodes.StripDots(parent);
                if (!_children.TryGetValue(parentDigits, out var list))
                {
                    list = [];
                    _children.Add(parentDigits, list);
                }

                list.Add(region);
            }

            // Only kab/kota names carry the Kota/Kabupaten prefix; a kecamatan such as "Kota Juang" keeps its name.
            var key = region.Level == RegionLevel.KabupatenKota ? NameKey(region.Name) : region.Name.Trim();
            if (!_byName.TryGetValue(key, out var named))
            {
                named = [];
                _byName.Add(key, named);
            }

            named.Add(region);
        }
    }

    /// <summary>
    /// The official Kemendagri list (Kepmendagri 300.2.2-2430/2025) embedded in this assembly, with the population
    /// figures of Ditjen Dukcapil (December 2024) for provinces and kab/kota. Loaded once, on first use.
    /// </summary>
    public static RegionCatalog Official => OfficialCatalog.Value;

    /// <summary>The number of regions of every level in the catalog.</summary>
    public int Count => _byDigits.Count;

    /// <summary>Every region, ordered by code.</summary>
    public IReadOnlyList<Region> All => _ordered.AsReadOnly();

    /// <summary>
    /// Loads a catalog from CSV text with the header <c>kode,nama,level,parent</c> (dotted codes, RFC 4180 quoting).
    /// </summary>
    /// <param name="csv">The region list.</param>
    /// <returns>The catalog, without population figures.</returns>
    /// <exception cref="FormatException">A line is not a valid region.</exception>
    public static RegionCatalog Load(TextReader csv) => Load(csv, population: null);

    /// <summary>Loads a catalog and the population figures (<c>kode,nama,pria,wanita,total</c>).</summary>
    /// <param name="csv">The region list, header <c>kode,nama,level,parent</c>.</param>
    /// <param name="population">The population per region, or null for none.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="FormatException">A line is not a valid region or population row.</exception>
    public static RegionCatalog Load(TextReader csv, TextReader? population)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var regions = new Dictionary<string, Region>(StringComparer.Ordinal);
        var fields = new List<string>(4);
        var lineNumber = 0;
        while (csv.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith("kode,", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (!CsvFields.TrySplit(line, fields) || fields.Count != 4)
            {
                throw new FormatException($"Region list line {lineNumber}: expected 4 fields kode,nama,level,parent.");
            }

            if (!RegionCodes.TryNormalize(fields[0], out var digits)
                || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var levelNumber)
                || RegionCodes.LevelOfDigits(digits.Length) is not { } level
                || (int)level != levelNumber)
            {
                throw new FormatException($"Region list line {lineNumber}: '{fields[0]}' is not a valid region code.");
            }

            var parent = fields[3].Length == 0 ? null : fields[3];
            // A few names in the source carry a trailing space ("Kota Administrasi Jakarta Utara ").
            regions[digits] = new Region(RegionCodes.ToDotted(digits), fields[1].Trim(), level, parent);
        }

        var figures = new Dictionary<string, long>(StringComparer.Ordinal);
        if (population is not null)
        {
            lineNumber = 0;
            while (population.ReadLine() is { } line)
            {
                lineNumber++;
                if (lineNumber == 1 && line.StartsWith("kode,", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                if (!CsvFields.TrySplit(line, fields) || fields.Count != 5
                    || !long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var total))
                {
                    throw new FormatException($"Population line {lineNumber}: expected kode,nama,pria,wanita,total.");
                }

                // Code 0 is the national total; it has no region.
                if (RegionCodes.TryNormalize(fields[0], out var digits))
                {
                    figures[digits] = total;
                }
            }
        }

        return new RegionCatalog(regions, figures);
    }

    /// <summary>Finds a region by its code, dotted (<c>14.72</c>) or plain digits (<c>1472</c>).</summary>
    /// <param name="code">The code.</param>
    /// <returns>The region, or null when the code is malformed or not in the list.</returns>
    public Region? Find(string code) =>
        RegionCodes.TryNormalize(code, out var digits) && _byDigits.TryGetValue(digits, out var region) ? region : null;

    /// <summary>The regions directly below a region, ordered by code; empty when there are none.</summary>
    /// <param name="code">The parent's code, dotted or plain.</param>
    /// <returns>The children.</returns>
    public IReadOnlyList<Region> Children(string code) =>
        RegionCodes.TryNormalize(code, out var digits) && _children.TryGetValue(digits, out var list)
            ? list.AsReadOnly()
            : None;

    /// <summary>The regions enclosing a region, province first, excluding the region itself.</summary>
    /// <param name="code">The region's code, dotted or plain.</param>
    /// <returns>The parent chain; empty for a province or an unknown code.</returns>
    public IReadOnlyList<Region> Ancestors(string code)
    {
        if (Find(code) is not { } region)
        {
            return None;
        }

        var chain = new List<Region>(3);
        while (region.ParentCode is { } parentCode && Find(parentCode) is { } parent)
        {
            chain.Add(parent);
            region = parent;
        }

        chain.Reverse();
        return chain;
    }

    /// <summary>
    /// Finds regions by name, ignoring case (ordinal) and the prefix <c>Kota </c> / <c>Kabupaten </c> (and
    /// <c>Administrasi </c> after it, as in Jakarta), so <c>"dumai"</c> finds Kota Dumai and
    /// <c>"jakarta utara"</c> finds Kota Administrasi Jakarta Utara.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="level">Only regions of this level, or any level when null.</param>
    /// <returns>The matching regions ordered by code.</returns>
    public IReadOnlyList<Region> FindByName(string name, RegionLevel? level = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var matches = new List<Region>();
        var full = name.Trim();
        var stripped = NameKey(name);
        if (_byName.TryGetValue(full, out var list))
        {
            matches.AddRange(list);
        }

        if (!string.Equals(stripped, full, StringComparison.OrdinalIgnoreCase)
            && _byName.TryGetValue(stripped, out var kabKota))
        {
            matches.AddRange(kabKota.Where(r => r.Level == RegionLevel.KabupatenKota));
        }

        return matches
            .Where(r => level is null || r.Level == level)
            .Distinct()
            .OrderBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every region of a given level below a region, in code order; empty unless the level is below.</summary>
    /// <param name="code">The ancestor's code, dotted or plain.</param>
    /// <param name="level">The level wanted.</param>
    /// <returns>The descendants of that level.</returns>
    public IEnumerable<Region> Descendants(string code, RegionLevel level)
    {
        if (Find(code) is not { } root || level <= root.Level)
        {
            yield break;
        }

        var stack = new Stack<Region>();
        stack.Push(root);
        var ordered = new List<Region>();
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            foreach (var child in Children(current.Code))
            {
                if (child.Level == level)
                {
                    ordered.Add(child);
                }
                else if (child.Level < level)
                {
                    stack.Push(child);
                }
            }
        }

        ordered.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        foreach (var region in ordered)
        {
            yield return region;
        }
    }

    /// <summary>
    /// The number of residents of a province or kab/kota (Ditjen Dukcapil, December 2024), or null when the figure
    /// is not in the list (kecamatan and kelurahan have none).
    /// </summary>
    /// <param name="code">The region's code, dotted or plain.</param>
    /// <returns>The population, or null.</returns>
    public long? Population(string code) =>
        RegionCodes.TryNormalize(code, out var digits) && _population.TryGetValue(digits, out var total) ? total : null;

    private static string NameKey(string name)
    {
        var trimmed = name.Trim();
        foreach (var prefix in (ReadOnlySpan<string>)["Kabupaten ", "Kota "])
        {
            if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && trimmed.Length > prefix.Length)
            {
                trimmed = trimmed[prefix.Length..].TrimStart();

                // Jakarta's kota and its one kabupaten are "Kota Administrasi …" / "Kabupaten Administrasi …".
                const string Administrasi = "Administrasi ";
                return trimmed.StartsWith(Administrasi, StringComparison.OrdinalIgnoreCase)
                    && trimmed.Length > Administrasi.Length
                        ? trimmed[Administrasi.Length..].TrimStart()
                        : trimmed;
            }
        }

        return trimmed;
    }

    private static RegionCatalog LoadOfficial()
    {
        var assembly = typeof(RegionCatalog).Assembly;
        using var regions = assembly.GetManifestResourceStream(WilayahResource)
            ?? throw new InvalidOperationException($"The embedded resource {WilayahResource} is missing.");
        using var population = assembly.GetManifestResourceStream(PopulationResource)
            ?? throw new InvalidOperationException($"The embedded resource {PopulationResource} is missing.");
        using var regionReader = new StreamReader(regions);
        using var populationReader = new StreamReader(population);
        return Load(regionReader, populationReader);
    }
}
