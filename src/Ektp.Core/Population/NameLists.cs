using Ektp.Core.Identity;

namespace Ektp.Core.Population;

/// <summary>
/// The embedded lists of Indonesian given and second names (mutiawsr/indonesian-names, MIT), deduplicated, and the
/// composition of full names of one, two or three words. The sex is an input: it is never read from a name.
/// </summary>
internal sealed class NameLists
{
    private static readonly Lazy<NameLists> Embedded = new(Load, isThreadSafe: true);

    private NameLists(
        string[] firstMale, string[] firstFemale, string[] firstNeutral,
        string[] lastMale, string[] lastFemale, string[] lastNeutral)
    {
        FirstMale = Merge(firstMale, firstNeutral);
        FirstFemale = Merge(firstFemale, firstNeutral);
        LastMale = Merge(lastMale, lastNeutral);
        LastFemale = Merge(lastFemale, lastNeutral);
    }

    public static NameLists Instance => Embedded.Value;

    public string[] FirstMale { get; }

    public string[] FirstFemale { get; }

    public string[] LastMale { get; }

    public string[] LastFemale { get; }

    /// <summary>A full name in upper case, as SIAK stores it: 1 word (20 %), 2 words (55 %) or 3 words (25 %).</summary>
    public string FullName(Rng rng, Sex sex)
    {
        var first = sex == Sex.Male ? FirstMale : FirstFemale;
        var last = sex == Sex.Male ? LastMale : LastFemale;
        var roll = rng.NextDouble();
        var given = rng.Pick(first);
        if (roll < 0.20)
        {
            return given.ToUpperInvariant();
        }

        var second = rng.Pick(last);
        if (roll < 0.75)
        {
            return $"{given} {second}".ToUpperInvariant();
        }

        var middle = rng.Pick(first);
        return (middle == given ? $"{given} {second} {rng.Pick(last)}" : $"{given} {middle} {second}")
            .ToUpperInvariant();
    }

    private static string[] Merge(string[] own, string[] neutral) =>
        own.Concat(neutral).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private static NameLists Load() => new(
        Read("first-male.csv"), Read("first-female.csv"), Read("first-neutral.csv"),
        Read("last-male.csv"), Read("last-female.csv"), Read("last-neutral.csv"));

    private static string[] Read(string file)
    {
        var name = "Ektp.Core.Population." + file;
        using var stream = typeof(NameLists).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && seen.Add(trimmed))
            {
                names.Add(trimmed);
            }
        }

        return [.. names];
    }
}
