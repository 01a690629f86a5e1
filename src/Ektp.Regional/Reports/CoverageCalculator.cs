using System.Globalization;
using Ektp.Core.Eligibility;
using Ektp.Core.Lifecycle;
using Ektp.Core.Regions;
using Ektp.Core.Residents;

namespace Ektp.Regional.Reports;

/// <summary>
/// What the report needs of one resident's record: where they live, who they are, where the record stands. Instants
/// before <see cref="CoverageData.Since"/> are not needed (every date the data answers for is later), so the
/// database is asked only whether the recording came before it, and for the exact instants only when they are later.
/// </summary>
/// <param name="RecordedBefore">Recorded before <see cref="CoverageData.Since"/>.</param>
/// <param name="RecordedAt">When recorded, if at or after <see cref="CoverageData.Since"/>; null otherwise.</param>
/// <param name="StatusSince">
/// When the current status began, if at or after <see cref="CoverageData.Since"/>; null when earlier.
/// </param>
/// <param name="Count">
/// How many residents these facts stand for: 1 for a resident, more for a group the database counted (same RT, same
/// status and marital class, birth dates that every rule of the report answers alike, nothing since
/// <see cref="CoverageData.Since"/>); a group has no NIK.
/// </param>
internal readonly record struct ResidentFacts(
    string? Nik,
    string KecamatanCode,
    string KelurahanCode,
    int Rw,
    int Rt,
    DateOnly BirthDate,
    MaritalStatus MaritalStatus,
    RecordStatus Status,
    bool RecordedBefore,
    DateTime? RecordedAt,
    DateTime? StatusSince,
    int Count = 1)
{
    /// <summary>The facts of a record as seen from <paramref name="since"/> on.</summary>
    public static ResidentFacts Of(string nik, string kecamatan, string kelurahan, int rw, int rt, DateOnly birthDate,
        MaritalStatus marital, RecordStatus status, DateTime? recordedAt, DateTime statusSince, DateTime since) =>
        new(nik, kecamatan, kelurahan, rw, rt, birthDate, marital, status, recordedAt < since,
            recordedAt >= since ? recordedAt : null, statusSince >= since ? statusSince : null);
}

/// <summary>A status move of the history, reduced to what the status-as-of rule needs: when, and from which status.</summary>
internal readonly record struct StatusChange(DateTime At, RecordStatus From);

/// <summary>
/// The records of a registry (or of one kecamatan/kelurahan) with the status moves made from <see cref="Since"/> on:
/// enough to tell every record's status at any instant from then on.
/// </summary>
internal sealed class CoverageData(IReadOnlyList<ResidentFacts> residents,
    IReadOnlyDictionary<string, StatusChange[]> changes, DateTime since, IReadOnlySet<DateOnly>? dates = null)
{
    public IReadOnlyList<ResidentFacts> Residents { get; } = residents;

    public DateTime Since { get; } = since;

    /// <summary>
    /// The only report dates these facts answer for when the database grouped residents by birth-date class (see
    /// <see cref="BirthDateClasses"/>); null when every resident's own birth date is here.
    /// </summary>
    public IReadOnlySet<DateOnly>? Dates { get; } = dates;

    /// <summary>Throws when grouped facts are asked about a date they were not grouped for.</summary>
    public void CheckAnswersFor(DateOnly day)
    {
        if (Dates is not null && !Dates.Contains(day))
        {
            throw new InvalidOperationException(
                $"These coverage facts were grouped for other dates and cannot answer for {day:yyyy-MM-dd}.");
        }
    }

    /// <summary>
    /// The status a record had just before <paramref name="cut"/> (not before <see cref="Since"/>). A record whose
    /// current status began before the cut had it then; otherwise the first move at or after the cut says what it
    /// moved from. A record with no history (imported or seeded) had its current status from its recording on, and
    /// was unregistered before.
    /// </summary>
    public RecordStatus StatusAt(in ResidentFacts r, DateTime cut)
    {
        if (r.StatusSince is not { } began || began < cut)
        {
            return r.Status;
        }

        if (r.Nik is not null && changes.TryGetValue(r.Nik, out var moves))
        {
            foreach (var move in moves)
            {
                if (move.At >= cut)
                {
                    return move.From;
                }
            }
        }

        return r.RecordedBefore || r.RecordedAt < cut ? r.Status : RecordStatus.Unregistered;
    }

    /// <summary>Recorded before the cut: a recording time before it, or any status past UNREGISTERED then.</summary>
    public static bool RecordedBy(in ResidentFacts r, DateTime cut, RecordStatus statusThen) =>
        r.RecordedBefore || r.RecordedAt < cut || statusThen != RecordStatus.Unregistered;

    /// <summary>The first instant after <paramref name="day"/> (UTC days, as <c>RegistryFigures</c> counts them).</summary>
    public static DateTime EndOf(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1);
}

/// <summary>
/// Counts a coverage report from residents' facts: pure, so the figures of a seeded scenario can be checked straight
/// from the generator, and the database path and the scenario path share every rule.
/// </summary>
internal sealed class CoverageCalculator
{
    public const int ExamplesPerGroup = 5;

    private readonly RegionCatalog _regions;
    private readonly RegionalInfo _region;
    private readonly CoverageLevel _level;
    private readonly Region? _parent;
    private readonly DateOnly _asOf;
    private readonly DateTime _cut;
    private readonly CoverageData _data;
    private readonly Dictionary<string, CoverageRow> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kelurahan, int Rw, int Rt), CoverageRow> _rts = [];
    private readonly Dictionary<string, UnplacedGroup> _unplaced = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _placement = new(StringComparer.Ordinal);
    private readonly CoverageRow _total;

    public CoverageCalculator(RegionCatalog regions, RegionalInfo region, CoverageLevel level, Region? parent,
        DateOnly asOf, CoverageData data)
    {
        _regions = regions;
        _region = region;
        _level = level;
        _parent = parent;
        _asOf = asOf;
        _cut = CoverageData.EndOf(asOf);
        _data = data;
        data.CheckAnswersFor(asOf);
        var scope = parent ?? region.KabKota;
        _total = new CoverageRow { Code = scope.Digits, Name = scope.Name };

        // Every official unit of the level inside the scope gets a row, with or without residents: an empty kelurahan
        // is a finding too. RTs are not in the official list; they come from the records.
        IEnumerable<Region> units = level switch
        {
            CoverageLevel.KabKota => [region.KabKota],
            CoverageLevel.Kecamatan => regions.Children(region.KabKota.Code),
            CoverageLevel.Kelurahan => regions.Descendants(scope.Code, RegionLevel.KelurahanDesa),
            _ => [],
        };
        foreach (var unit in units)
        {
            _units.Add(unit.Digits, new CoverageRow { Code = unit.Digits, Name = unit.Name });
        }
    }

    /// <summary>Whether a resident lies inside <c>parent</c> (every resident when there is none).</summary>
    public static bool InScope(in ResidentFacts r, Region? parent) => parent?.Level switch
    {
        RegionLevel.Kecamatan => r.KecamatanCode == parent.Digits,
        RegionLevel.KelurahanDesa => r.KelurahanCode == parent.Digits,
        _ => true,
    };

    public void AddAll()
    {
        foreach (var r in _data.Residents)
        {
            Add(r);
        }
    }

    public void Add(in ResidentFacts r)
    {
        if (r.BirthDate > _asOf || !InScope(r, _parent))
        {
            return; // not born yet on that date, or outside the part of the region asked for
        }

        var tally = Place(r);
        Count(r, tally);
        Count(r, _total);
    }

    public CoverageReport Build(DateTime generatedAt)
    {
        IEnumerable<CoverageRow> units = _level == CoverageLevel.Rt
            ? _rts.OrderBy(u => u.Key.Kelurahan, StringComparer.Ordinal).ThenBy(u => u.Key.Rw).ThenBy(u => u.Key.Rt)
                .Select(u => u.Value)
            : _units.Values.OrderBy(u => u.Code, StringComparer.Ordinal);
        var parent = _parent is null ? null : Area(_parent);
        return new CoverageReport(CoverageLevels.Code(_level), _asOf, Area(_region.KabKota), parent, [.. units], _total,
            [.. _unplaced.Values.OrderBy(g => g.Reason, StringComparer.Ordinal)], Caveats, generatedAt);
    }

    public static CoverageArea Area(Region region) => new(region.Digits, region.Name, region.Level switch
    {
        RegionLevel.Provinsi => "provinsi",
        RegionLevel.KabupatenKota => "kabkota",
        RegionLevel.Kecamatan => "kecamatan",
        _ => "kelurahan",
    });

    public static IReadOnlyList<string> Caveats { get; } =
    [
        "The registry as it stands today, counted back to the date: residents born on or before it, wajib KTP by "
        + "Core's rule (17 or over, or ever married, with today's marital status).",
        "A resident who died or moved away counts as unrecorded until the registry is updated (SIAK import or a "
        + "data change), so part of a gap may not be a gap.",
        "Days end at midnight UTC. Stage counts (sent, print-ready, printed, delivered, duplicates) come from the "
        + "status history; a record imported without history had its current status from its recording on.",
    ];

    // The row a resident counts in, or the unplaced group that explains why there is none.
    private CoverageTally Place(in ResidentFacts r)
    {
        switch (_level)
        {
            case CoverageLevel.KabKota:
                return _units[_region.Digits];
            case CoverageLevel.Kecamatan:
                return _units.TryGetValue(r.KecamatanCode, out var kecamatan)
                    ? kecamatan
                    : Unplaced(r, Known(r.KecamatanCode) ? "outside-area" : "kecamatan-unknown");
            case CoverageLevel.Kelurahan:
                return _units.TryGetValue(r.KelurahanCode, out var kelurahan)
                    ? kelurahan
                    : Unplaced(r, Known(r.KelurahanCode) ? "outside-area" : "kelurahan-unknown");
            default:
                if (KelurahanProblem(r.KelurahanCode) is { } problem)
                {
                    return Unplaced(r, problem);
                }

                if (r.Rt < 1 || r.Rw < 1)
                {
                    return Unplaced(r, "rt-missing");
                }

                var key = (r.KelurahanCode, r.Rw, r.Rt);
                if (!_rts.TryGetValue(key, out var rt))
                {
                    rt = new CoverageRow { Code = RtCode(r.KelurahanCode, r.Rw, r.Rt), Name = RtName(r) };
                    _rts.Add(key, rt);
                }

                return rt;
        }
    }

    /// <summary>The code of an RT unit: <c>KELURAHAN/RW/RT</c>, e.g. <c>1472011001/002/005</c>.</summary>
    public static string RtCode(string kelurahan, int rw, int rt) =>
        string.Create(CultureInfo.InvariantCulture, $"{kelurahan}/{rw:000}/{rt:000}");

    private string RtName(in ResidentFacts r)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"RT {r.Rt:000} / RW {r.Rw:000}");
        return _parent?.Level == RegionLevel.KelurahanDesa
            ? name
            : $"{name}, {_regions.Find(r.KelurahanCode)?.Name ?? r.KelurahanCode}";
    }

    // Why an RT's kelurahan cannot be used: unknown, or outside the kab/kota or the parent; null when it can.
    private string? KelurahanProblem(string code)
    {
        if (!_placement.TryGetValue(code, out var problem))
        {
            var region = _regions.Find(code);
            var scope = _parent ?? _region.KabKota;
            problem = region is not { Level: RegionLevel.KelurahanDesa } ? "kelurahan-unknown"
                : !region.Digits.StartsWith(scope.Digits, StringComparison.Ordinal) ? "outside-area"
                : null;
            _placement.Add(code, problem);
        }

        return problem;
    }

    private bool Known(string code) => _regions.Find(code) is not null;

    private UnplacedGroup Unplaced(in ResidentFacts r, string reason)
    {
        if (!_unplaced.TryGetValue(reason, out var group))
        {
            group = new UnplacedGroup { Reason = reason, Explanation = Explain(reason) };
            _unplaced.Add(reason, group);
        }

        var examples = group.Examples;
        if (r.Nik is null)
        {
            return group; // a counted group: the database keeps every resident that could be unplaced apart
        }

        if (examples.Count < ExamplesPerGroup || string.CompareOrdinal(r.Nik, examples[^1].Nik) < 0)
        {
            examples.Add(new UnplacedExample(r.Nik, r.KecamatanCode, r.KelurahanCode, r.Rw, r.Rt));
            examples.Sort((a, b) => string.CompareOrdinal(a.Nik, b.Nik));
            if (examples.Count > ExamplesPerGroup)
            {
                examples.RemoveAt(examples.Count - 1);
            }
        }

        return group;
    }

    private string Explain(string reason)
    {
        var scope = _parent ?? _region.KabKota;
        return reason switch
        {
            "kecamatan-unknown" => "The record's kecamatan code is not in the official region list (Kepmendagri): "
                + "correct the address in SIAK and import again.",
            "kelurahan-unknown" => "The record's kelurahan/desa code is not in the official region list (Kepmendagri), "
                + "for example an old code from before a split: correct the address in SIAK and import again.",
            "outside-area" => $"The record's region code is official but lies outside {scope.Name}"
                + (_parent is null ? "" : " (its kecamatan says it belongs here)")
                + ": correct the address in SIAK or register the move.",
            "rt-missing" => "The record has no RT or RW (0): it counts in its kelurahan/desa but in no RT; complete the "
                + "address in SIAK.",
            _ => reason,
        };
    }

    private void Count(in ResidentFacts r, CoverageTally tally)
    {
        var n = r.Count;
        tally.Population += n;
        var status = _data.StatusAt(r, _cut);
        var recorded = CoverageData.RecordedBy(r, _cut, status);
        if (WajibKtp.IsWajibKtp(r.BirthDate, r.MaritalStatus, _asOf))
        {
            tally.WajibKtp += n;
            if (recorded)
            {
                tally.Recorded += n;
            }
            else if (WajibKtp.DeactivationDate(r.BirthDate) is var turns22
                     && turns22 > _asOf && turns22 <= _asOf.AddYears(1))
            {
                tally.UnrecordedTurning22 += n;
            }
        }
        else if (recorded)
        {
            tally.RecordedNotWajib += n;
        }

        CountStage(status, tally, n);
    }

    public static void CountStage(RecordStatus status, CoverageTally tally, int n = 1)
    {
        switch (status)
        {
            case RecordStatus.SentForEnrollment or RecordStatus.ReceivedAtCentral or RecordStatus.EnrollFailureAtCentral:
                tally.SentToCentre += n;
                break;
            case RecordStatus.DuplicateRecord or RecordStatus.AdjudicateRecord:
                tally.SentToCentre += n;
                tally.Duplicates += n;
                break;
            case RecordStatus.PrintReadyRecord:
                tally.SentToCentre += n;
                tally.PrintReady += n;
                tally.PrintBacklog += n;
                break;
            case RecordStatus.Printed:
                tally.SentToCentre += n;
                tally.PrintReady += n;
                tally.Printed += n;
                break;
            case RecordStatus.Delivered:
                tally.SentToCentre += n;
                tally.PrintReady += n;
                tally.Printed += n;
                tally.Delivered += n;
                break;
        }
    }

    /// <summary>
    /// The weekly trend: <paramref name="weeks"/> weeks ending on <paramref name="asOf"/>, each with the recordings
    /// made in it and the coverage and print backlog on its last day.
    /// </summary>
    public static IReadOnlyList<CoverageWeek> Trend(CoverageData data, Region? parent, DateOnly asOf, int weeks)
    {
        var ends = new DateOnly[weeks];
        var cuts = new DateTime[weeks];
        for (var i = 0; i < weeks; i++)
        {
            ends[i] = asOf.AddDays(-7 * (weeks - 1 - i));
            cuts[i] = CoverageData.EndOf(ends[i]);
        }

        var inWeek = new int[weeks];
        var wajib = new int[weeks];
        var recorded = new int[weeks];
        var backlog = new int[weeks];
        foreach (var end in ends)
        {
            data.CheckAnswersFor(end);
        }

        foreach (var r in data.Residents)
        {
            if (!InScope(r, parent))
            {
                continue;
            }

            var wajibFrom = r.MaritalStatus.HasEverMarried() ? DateOnly.MinValue : WajibKtp.WajibKtpDate(r.BirthDate);
            for (var i = 0; i < weeks; i++)
            {
                if (r.BirthDate > ends[i])
                {
                    continue;
                }

                if (r.RecordedAt is { } at && at < cuts[i] && at >= cuts[i].AddDays(-7))
                {
                    inWeek[i] += r.Count;
                }

                var status = data.StatusAt(r, cuts[i]);
                if (ends[i] >= wajibFrom)
                {
                    wajib[i] += r.Count;
                    if (CoverageData.RecordedBy(r, cuts[i], status))
                    {
                        recorded[i] += r.Count;
                    }
                }

                if (status == RecordStatus.PrintReadyRecord)
                {
                    backlog[i] += r.Count;
                }
            }
        }

        return [.. Enumerable.Range(0, weeks).Select(i => new CoverageWeek(ends[i], inWeek[i], wajib[i], recorded[i],
            new CoverageTally { WajibKtp = wajib[i], Recorded = recorded[i] }.Percent, backlog[i]))];
    }
}
