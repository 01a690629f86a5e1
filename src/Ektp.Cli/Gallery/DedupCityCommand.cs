using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ektp.Biometrics;
using Ektp.Cli.Infrastructure;
using Ektp.Core.Eligibility;
using Ektp.Core.Population;

namespace Ektp.Cli.Gallery;

/// <summary>
/// `ektp dedup-city --seed dumai-2013`: the whole-city deduplication. Every recorded wajib-KTP resident of the
/// synthetic city (155,469 for Kota Dumai on 19 December 2013; the students recorded at school before 17 are left
/// out, as the scenario's count leaves them out), in recording order, is inserted into the gallery and searched
/// against everyone inserted before (insert-then-identify, a batch at a time on all cores, as concurrent
/// recordings would be). Each resident has two synthetic fingers; one recording in 500 is a planted duplicate — the
/// same fingers as an earlier resident, another impression, under the new NIK — and must be found.
/// </summary>
internal static class DedupCityCommand
{
    private const int PlantEvery = 500;
    private const int Batch = 64;

    public static Command Create()
    {
        var seed = new Option<string>("--seed")
        {
            Description = "The city: dumai-2013 (155,469 recorded) or singkawang-2017 (137,533)",
            DefaultValueFactory = _ => "dumai-2013",
        };
        var limit = new Option<int?>("--limit") { Description = "Only the first N recordings (a shorter run)" };
        var command = new Command("dedup-city", "Deduplicate every recorded resident of a synthetic city (1:N, insert-then-identify)")
        {
            seed, limit,
        };
        command.SetAction((parse, ct) =>
        {
            var scenario = CityScenario.ByName(parse.GetValue(seed)!)
                           ?? throw new CliException($"--seed: unknown city '{parse.GetValue(seed)}' (dumai-2013, singkawang-2017).");
            if (parse.GetValue(limit) is < 2)
            {
                throw new CliException("--limit is at least 2.");
            }

            Run(scenario, parse.GetValue(limit), ct);
            return Task.FromResult(0);
        });
        return command;
    }

    private static void Run(CityScenario scenario, int? limit, CancellationToken ct)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var clock = Stopwatch.StartNew();
        var recorded = SyntheticCity.Generate(scenario).SelectMany(f => f.Members)
            .Where(m => m.RecordedAt is not null &&
                        WajibKtp.IsWajibKtp(m.Resident.BirthDate, m.Resident.MaritalStatus, scenario.AsOf))
            .OrderBy(m => m.RecordedAt).ThenBy(m => m.Resident.Nik.Value, StringComparer.Ordinal)
            .Select(m => m.Resident.Nik.Value).ToList();
        var total = Math.Min(recorded.Count, limit ?? int.MaxValue);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name}: {recorded.Count:N0} recorded residents in recording order (generated in " +
            $"{clock.Elapsed.TotalSeconds:F1} s); deduplicating {total:N0}, one in {PlantEvery} a planted duplicate"));

        // Recording n is synthetic person n, except a planted duplicate: the fingers of an earlier recording.
        var sourceOf = new int[total];
        var planted = new HashSet<int>();
        var random = new Random(scenario.Seed);
        for (var n = 0; n < total; n++)
        {
            sourceOf[n] = n;
            if (n > 0 && n % PlantEvery == 0)
            {
                sourceOf[n] = random.Next(n);
                planted.Add(n);
            }
        }

        using var gallery = new FingerprintGallery();
        var progress = new ProgressLine("dedup", total);
        var found = new List<(int Recording, long Match, double Score)>();
        var foundPlanted = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        for (var start = 0; start < total; start += Batch)
        {
            ct.ThrowIfCancellationRequested();
            var end = Math.Min(total, start + Batch);
            var fingers = new Dictionary<FingerPosition, FingerprintTemplate>[end - start];
            Parallel.For(start, end, n => fingers[n - start] = SyntheticPersons.Fingers(sourceOf[n], impression: n));

            // Insert the batch, then identify each of its recordings against everything inserted so far but itself.
            Parallel.For(start, end, n => gallery.Add(n, fingers[n - start]));
            var results = new IReadOnlyList<GalleryCandidate>[end - start];
            Parallel.For(start, end, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                n => results[n - start] = gallery.Search(fingers[n - start], 11, FingerprintMatcher.DefaultThreshold)
                    .Where(c => c.PersonId != n).ToList());
            for (var n = start; n < end; n++)
            {
                foreach (var hit in results[n - start])
                {
                    // A pair is reported once, by its later recording; the earlier may see it within the batch too.
                    if (hit.PersonId < n)
                    {
                        found.Add((n, hit.PersonId, hit.Score));
                    }
                    else if (!results[(int)hit.PersonId - start].Any(c => c.PersonId == n))
                    {
                        found.Add(((int)hit.PersonId, n, hit.Score));
                    }
                }

                if (planted.Contains(n) && results[n - start].Any(c => c.PersonId == sourceOf[n]))
                {
                    foundPlanted++;
                }
            }

            progress.Report(end, $"- {found.Count:N0} duplicates found");
        }

        progress.Done(total, $"- {found.Count:N0} duplicates found");
        var seconds = clock.Elapsed.TotalSeconds;
        var coreSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var truePairs = found.Count(f => sourceOf[f.Recording] == sourceOf[(int)f.Match]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total:N0} recordings deduplicated in {seconds / 60:F1} min on {Environment.ProcessorCount} cores " +
            $"({coreSeconds:N0} core-s, {total / seconds:F0} recordings/s, {coreSeconds / total * 1000:F1} core-ms each); " +
            $"gallery {gallery.PersonCount:N0} persons, {gallery.MemoryBytes / 1e6:F0} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"planted duplicates found: {foundPlanted} of {planted.Count}; pairs reported: {found.Count:N0} " +
            $"({truePairs:N0} planted, {found.Count - truePairs:N0} other: synthetic impostors at or above the threshold)"));
        if (foundPlanted < planted.Count)
        {
            Console.WriteLine("MISSED planted duplicates: " + string.Join(", ",
                planted.Where(n => !found.Any(f => f.Recording == n && f.Match == sourceOf[n])).Take(20)));
        }
    }
}
