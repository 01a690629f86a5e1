using System.Globalization;
using Ektp.Core.Eligibility;
using Ektp.Core.Identity;
using Ektp.Core.Regions;
using Ektp.Core.Residents;

namespace Ektp.Core.Population;

/// <summary>The state of one generation run: the city's layout, the serial counters and the quotas left.</summary>
internal sealed class CityGenerator
{
    private static readonly DateOnly PeakEnd = new(2012, 12, 31);
    private static readonly DateOnly FirstKkIssue = new(2004, 1, 1);

    private static readonly string[] Streets =
    [
        "SUDIRMAN", "DIPONEGORO", "SULTAN SYARIF KASIM", "HANG TUAH", "PATTIMURA", "KARTINI", "MERDEKA", "SUKAJADI",
        "AHMAD YANI", "GATOT SUBROTO", "IMAM BONJOL", "SISINGAMANGARAJA", "TUANKU TAMBUSAI", "PUTRI HIJAU",
        "SULTAN HASANUDDIN", "DR. SUTOMO", "M.H. THAMRIN", "BUDI UTOMO", "RAHADI USMAN", "GAJAH MADA", "KESEHATAN",
        "PELAJAR", "PENDIDIKAN", "SEKOLAH", "LINTAS TIMUR", "SOEKARNO-HATTA", "RAJA ALI HAJI", "NIAGA", "PASAR BARU",
    ];

    private static readonly string[] Lanes =
    [
        "MAWAR", "MELATI", "ANGGREK", "KENANGA", "CEMPAKA", "DAMAI", "SEPAKAT", "BERSAMA", "HARAPAN", "SEJAHTERA",
        "MANDIRI", "FLAMBOYAN", "TERATAI", "DAHLIA", "BAKTI", "KELUARGA", "SETIA", "RUKUN",
    ];

    private static readonly double[] BloodWeights = [40, 15, 17, 6, 22];

    private readonly CityScenario _scenario;
    private readonly CityProfile _profile;
    private readonly Kelurahan[] _kelurahan;
    private readonly double[] _cumulative;
    private readonly string[] _cityKecamatan;
    private readonly (string Digits, string Place)[] _provinceKecamatan;
    private readonly Dictionary<long, int> _nikSerials = [];
    private readonly Dictionary<long, int> _kkSerials = [];
    private readonly NameLists _names = NameLists.Instance;
    private Rng _rng = new(0);
    private int _adultsLeft;
    private int _recordedLeft;

    public CityGenerator(CityScenario scenario, RegionCatalog regions)
    {
        _scenario = scenario;
        if (scenario.Population < 0 || scenario.WajibKtp < 0 || scenario.Recorded < 0
            || scenario.Recorded > scenario.WajibKtp || scenario.WajibKtp > scenario.Population)
        {
            throw new ArgumentException(
                "A scenario needs 0 ≤ recorded ≤ wajib KTP ≤ population.", nameof(scenario));
        }

        var children = scenario.Population - scenario.WajibKtp;
        if (children > 0 && children > 2L * scenario.WajibKtp)
        {
            throw new ArgumentException(
                "A scenario cannot have more than two residents under 17 for each wajib KTP: children live with "
                + "adults.",
                nameof(scenario));
        }

        var kabKota = regions.Find(scenario.KabKotaCode);
        if (kabKota is not { Level: RegionLevel.KabupatenKota })
        {
            throw new ArgumentException(
                $"'{scenario.KabKotaCode}' is not a kabupaten/kota code of the region list.", nameof(scenario));
        }

        _profile = CityProfile.For(kabKota);
        var layout = new Rng(scenario.Seed ^ 0x5EED_C17);
        var kelurahan = regions.Descendants(kabKota.Code, RegionLevel.KelurahanDesa).ToList();
        if (kelurahan.Count == 0)
        {
            throw new ArgumentException($"{kabKota.Name} has no kelurahan or desa in the list.", nameof(scenario));
        }

        // Population is not known below kab/kota, so each kelurahan gets a random size; a kecamatan's share then
        // follows from how many kelurahan it has.
        var weights = kelurahan.Select(_ => 0.35 + (1.65 * Math.Pow(layout.NextDouble(), 2))).ToArray();
        var max = weights.Max();
        _kelurahan = kelurahan
            .Select((k, i) =>
            {
                var size = weights[i] / max;
                return new Kelurahan(k.Digits, k.Digits[..6], 2 + (int)(8 * size), 3 + (int)(17 * size),
                    k.Digits[6] == '2');
            })
            .ToArray();
        _cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            _cumulative[i] = sum;
        }

        _cityKecamatan = regions.Children(kabKota.Code).Select(k => k.Digits).ToArray();
        _provinceKecamatan = regions.Children(kabKota.ParentCode!)
            .Where(k => k.Code != kabKota.Code)
            .SelectMany(k => regions.Children(k.Code).Select(kec => (kec.Digits, CityProfile.PlaceName(k.Name))))
            .ToArray();
    }

    public IEnumerable<SyntheticFamily> Families()
    {
        _rng = new Rng(_scenario.Seed);
        _nikSerials.Clear();
        _kkSerials.Clear();
        _adultsLeft = _scenario.WajibKtp;
        _recordedLeft = _scenario.Recorded;
        var plans = FamilyPlanner.Plan(
            new Rng(_scenario.Seed ^ 0x0F_A41L), _scenario.WajibKtp, _scenario.Population - _scenario.WajibKtp);
        foreach (var plan in plans)
        {
            yield return Build(plan);
        }
    }

    private DateOnly AsOf => _scenario.AsOf;

    private SyntheticFamily Build(FamilyPlan plan)
    {
        var home = PickKelurahan();
        var address = _rng.Chance(0.7)
            ? $"JL. {_rng.Pick(Streets)} NO. {_rng.Between(1, 250)}"
            : $"GG. {_rng.Pick(Lanes)} NO. {_rng.Between(1, 60)}";
        var rw = _rng.Between(1, home.RwCount);
        var rt = _rng.Between(1, home.RtPerRw);
        var religion = _profile.PickReligion(_rng);
        var drafts = Compose(plan);

        var familyKk = IssueKk(home.Kecamatan, drafts[0].BirthDate);
        var members = new List<SyntheticResident>(drafts.Count);
        var headNik = default(Nik);
        foreach (var draft in drafts)
        {
            var (nik, birthPlace) = IssueNik(draft, home);
            if (members.Count == 0)
            {
                headNik = nik;
            }

            var age = WajibKtp.AgeOn(draft.BirthDate, AsOf);
            var education = Occupations.EducationFor(_rng, age, draft.BirthDate.Year);
            var resident = new Resident
            {
                Nik = nik,
                Kk = familyKk,
                Name = draft.Name,
                BirthPlace = birthPlace,
                BirthDate = draft.BirthDate,
                Sex = draft.Sex,
                BloodType = (BloodType)_rng.Weighted(BloodWeights),
                Address = address,
                Rt = rt,
                Rw = rw,
                KelurahanCode = home.Digits,
                Religion = draft.Role == Role.Wife && _rng.Chance(0.03) ? _profile.PickReligion(_rng) : religion,
                MaritalStatus = draft.Status,
                Occupation = Occupations.OccupationFor(
                    _rng, age, draft.Sex, education, draft.Role == Role.Wife, draft.Role == Role.Child && age >= 17),
                Citizenship = Citizenship.Wni,
                Education = education,
                MotherName = draft.MotherName,
            };
            var (at, where) = Record(resident, age, home);
            members.Add(new SyntheticResident(resident, at, where));
        }

        return new SyntheticFamily(new Family(familyKk, headNik, address, rt, rw, home.Digits), members);
    }

    private List<Draft> Compose(FamilyPlan plan)
    {
        var drafts = new List<Draft>(plan.Adults + plan.Children);
        switch (plan.Kind)
        {
            case FamilyKind.CoupleWithChildren or FamilyKind.CoupleWithGrandparent:
                CoupleWithChildren(drafts, plan);
                break;
            case FamilyKind.CoupleWithAdultChildren:
                CoupleWithAdultChildren(drafts, plan);
                break;
            case FamilyKind.YoungCouple:
                var young = _rng.Between(20, 35);
                Couple(drafts, young, Math.Max(18, young - _rng.Between(0, 6)), [], [], null);
                break;
            case FamilyKind.OlderCouple:
                var older = _rng.Between(50, 85);
                Couple(drafts, older, Math.Max(45, older - _rng.Between(0, 7)), [], [], null);
                break;
            case FamilyKind.SingleParent:
                SingleParent(drafts, plan);
                break;
            case FamilyKind.YoungSingle:
                var sex = _rng.Chance(0.55) ? Sex.Male : Sex.Female;
                drafts.Add(Person(Role.Head, sex, Triangle(17, 23, 40), MaritalStatus.BelumKawin, Mother()));
                break;
            default:
                var roll = _rng.NextDouble();
                var status = roll < 0.75 ? MaritalStatus.CeraiMati
                    : roll < 0.9 ? MaritalStatus.CeraiHidup : MaritalStatus.BelumKawin;
                var elderSex = _rng.Chance(0.7) ? Sex.Female : Sex.Male;
                drafts.Add(Person(Role.Head, elderSex, _rng.Between(55, 92), status, Mother()));
                break;
        }

        return drafts;
    }

    private void CoupleWithChildren(List<Draft> drafts, FamilyPlan plan)
    {
        var wifeAge = plan.Children > 0 ? Triangle(21, 32, 50) : _rng.Between(22, 55);
        var kids = ChildAges(wifeAge, plan.Children);
        var husbandAge = Math.Max(wifeAge + _rng.Between(-2, 8), Oldest(kids) + 19);
        var grandparent = plan.Kind == FamilyKind.CoupleWithGrandparent
            ? Math.Min(95, husbandAge + _rng.Between(20, 38))
            : (int?)null;
        Couple(drafts, husbandAge, wifeAge, kids, [], grandparent);
    }

    private void CoupleWithAdultChildren(List<Draft> drafts, FamilyPlan plan)
    {
        var oldest = _rng.Between(17, 30);
        var grown = Enumerable.Range(0, plan.Adults - 2)
            .Select(i => i == 0 ? oldest : _rng.Between(17, oldest))
            .ToList();

        // With children under 17 too, the mother must still have been under 43 at the youngest's birth.
        var wifeAge = _rng.Between(Math.Max(oldest + 19, 36), Math.Min(oldest + 40, plan.Children > 0 ? 58 : 75));
        var kids = ChildAges(wifeAge, plan.Children);
        var husbandAge = Math.Max(wifeAge + _rng.Between(-2, 8), oldest + 19);
        Couple(drafts, husbandAge, wifeAge, kids, grown, null);
    }

    private void SingleParent(List<Draft> drafts, FamilyPlan plan)
    {
        var age = _rng.Between(24, 55);
        var sex = _rng.Chance(0.75) ? Sex.Female : Sex.Male;
        var status = _rng.Chance(0.5) ? MaritalStatus.CeraiHidup : MaritalStatus.CeraiMati;
        var parent = Person(Role.Head, sex, age, status, Mother());
        drafts.Add(parent);

        // A widower's or divorced father's children share their absent mother's name.
        var mother = sex == Sex.Female ? parent.Name : Mother();
        drafts.AddRange(ChildAges(age, plan.Children).Select(k => Child(k, mother)));
    }

    private void Couple(
        List<Draft> drafts, int husbandAge, int wifeAge, List<int> kids, List<int> grown, int? grandparentAge)
    {
        Draft? grandparent = null;
        var headMother = Mother();
        if (grandparentAge is { } gpAge)
        {
            var gpSex = _rng.Chance(0.8) ? Sex.Female : Sex.Male;
            grandparent = Person(Role.Grandparent, gpSex, gpAge, MaritalStatus.CeraiMati, Mother());
            if (gpSex == Sex.Female)
            {
                headMother = grandparent.Name;
            }
        }

        drafts.Add(Person(Role.Head, Sex.Male, husbandAge, MaritalStatus.Kawin, headMother));
        var wife = Person(Role.Wife, Sex.Female, wifeAge, MaritalStatus.Kawin, Mother());
        drafts.Add(wife);
        foreach (var age in grown.Concat(kids).OrderDescending())
        {
            drafts.Add(Child(age, wife.Name));
        }

        if (grandparent is not null)
        {
            drafts.Add(grandparent);
        }
    }

    private Draft Child(int age, string motherName) =>
        Person(Role.Child, _rng.Chance(0.51) ? Sex.Male : Sex.Female, age, MaritalStatus.BelumKawin, motherName);

    private Draft Person(Role role, Sex sex, int age, MaritalStatus status, string motherName) =>
        new(role, sex, BirthDateForAge(age), status, _names.FullName(_rng, sex), motherName);

    private string Mother() => _names.FullName(_rng, Sex.Female);

    // Children under 17 of a mother of this age, born when she was 19 to 42.
    private List<int> ChildAges(int motherAge, int count)
    {
        var youngest = Math.Max(0, motherAge - 42);
        var oldest = Math.Min(16, motherAge - 19);
        var ages = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            ages.Add(_rng.Between(youngest, Math.Max(youngest, oldest)));
        }

        return ages;
    }

    private static int Oldest(List<int> ages) => ages.Count == 0 ? 0 : ages.Max();

    private int Triangle(int low, int mode, int high)
    {
        var u = _rng.NextDouble();
        var split = (double)(mode - low) / (high - low);
        var x = u < split
            ? low + Math.Sqrt(u * (high - low) * (mode - low))
            : high - Math.Sqrt((1 - u) * (high - low) * (high - mode));
        return (int)Math.Round(x);
    }

    private DateOnly BirthDateForAge(int age)
    {
        var latest = AsOf.AddYears(-age);
        var earliest = AsOf.AddYears(-age - 1).AddDays(1);
        var date = DateOnly.FromDayNumber(_rng.Between(earliest.DayNumber, latest.DayNumber));

        // Leap days make the window a day off in rare cases; step until the age is the one asked for.
        while (WajibKtp.AgeOn(date, AsOf) > age)
        {
            date = date.AddDays(1);
        }

        while (WajibKtp.AgeOn(date, AsOf) < age)
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    private Kelurahan PickKelurahan()
    {
        var x = _rng.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, x);
        return _kelurahan[Math.Min(index < 0 ? ~index : index, _kelurahan.Length - 1)];
    }

    private (Nik Nik, string BirthPlace) IssueNik(Draft draft, Kelurahan home)
    {
        var roll = _rng.NextDouble();
        var adult = draft.Role != Role.Child || WajibKtp.AgeOn(draft.BirthDate, AsOf) >= 17;
        var kecamatan = home.Kecamatan;
        string? place = null;
        if (adult && roll < 0.12 && _provinceKecamatan.Length > 0)
        {
            (kecamatan, place) = _rng.Pick(_provinceKecamatan);
        }
        else if (roll < (adult ? 0.22 : 0.04))
        {
            kecamatan = _rng.Pick(_cityKecamatan);
        }

        place ??= _rng.Chance(adult ? 0.65 : 0.92) ? _profile.CityName : _rng.Pick(_profile.DistantBirthPlaces);
        for (var attempt = 0; ; attempt++)
        {
            var prefix = (long.Parse(kecamatan, CultureInfo.InvariantCulture) * 1_000_000)
                + long.Parse(Nik.BirthPart(draft.BirthDate, draft.Sex), CultureInfo.InvariantCulture);
            var serial = _nikSerials.GetValueOrDefault(prefix) + 1;
            if (serial <= NikRules.MaxSerial)
            {
                _nikSerials[prefix] = serial;
                return (Nik.Compose(kecamatan, draft.BirthDate, draft.Sex, serial), place);
            }

            kecamatan = _cityKecamatan[attempt % _cityKecamatan.Length];
        }
    }

    private KkNumber IssueKk(string kecamatan, DateOnly headBirth)
    {
        var first = WajibKtp.WajibKtpDate(headBirth);
        if (first < FirstKkIssue)
        {
            first = FirstKkIssue;
        }

        if (first > AsOf)
        {
            first = AsOf;
        }

        while (true)
        {
            var issued = DateOnly.FromDayNumber(_rng.Between(first.DayNumber, AsOf.DayNumber));
            var prefix = (long.Parse(kecamatan, CultureInfo.InvariantCulture) * 1_000_000)
                + (issued.Day * 10_000) + (issued.Month * 100) + (issued.Year % 100);
            var serial = _kkSerials.GetValueOrDefault(prefix) + 1;
            if (serial <= NikRules.MaxSerial)
            {
                _kkSerials[prefix] = serial;
                return KkNumber.Compose(kecamatan, issued, serial);
            }
        }
    }

    private (DateTimeOffset? At, RecordingLocation? Where) Record(Resident resident, int age, Kelurahan home)
    {
        // By the legal age's rule: born on 29 February, one turns 15 on 1 March of a common year (AddYears gives
        // 28 February, on which AgeOn still says 14).
        var turned15 = WajibKtp.BirthdayAt(resident.BirthDate, WajibKtp.MinimumRecordingAge);
        var start = turned15 > SyntheticCity.RecordingStart ? turned15 : SyntheticCity.RecordingStart;
        if (start > AsOf)
        {
            start = AsOf;
        }

        if (age < 17)
        {
            // Students of 15 and 16 are recorded at school before they become wajib KTP; they do not count.
            if (age < 15 || turned15 > AsOf || !_rng.Chance(0.3))
            {
                return (null, null);
            }

            return (At(Uniform(start, AsOf)), RecordingLocation.School);
        }

        // Sequential sampling without replacement: the recorded count comes out exact, while the weight makes the
        // newly wajib and the very old somewhat less likely to have recorded.
        var weight = age switch
        {
            17 => 0.55,
            18 => 0.8,
            <= 60 => 1.08,
            <= 74 => 0.95,
            _ => 0.6,
        };
        var p = _recordedLeft >= _adultsLeft ? 1.0 : weight * _recordedLeft / _adultsLeft;
        _adultsLeft--;
        if (_recordedLeft == 0 || !_rng.Chance(p))
        {
            return (null, null);
        }

        _recordedLeft--;
        var date = start <= PeakEnd && _rng.Chance(0.55)
            ? Uniform(start, PeakEnd < AsOf ? PeakEnd : AsOf)
            : Uniform(start, AsOf);
        return (At(date), Where(resident, date, home));
    }

    private RecordingLocation Where(Resident resident, DateOnly date, Kelurahan home)
    {
        var ageThen = WajibKtp.AgeOn(resident.BirthDate, date);
        if (ageThen < 17 && resident.MaritalStatus == MaritalStatus.BelumKawin)
        {
            return RecordingLocation.School;
        }

        var employee = resident.Occupation.Contains("KARYAWAN", StringComparison.Ordinal)
            || resident.Occupation.Contains("BURUH", StringComparison.Ordinal)
            || resident.Occupation.Contains("PEGAWAI", StringComparison.Ordinal);
        ReadOnlySpan<double> weights =
        [
            42, // office
            33, // kecamatan
            ageThen <= 19 && resident.Occupation == Occupations.Student ? 20 : 0, // school
            resident.Sex == Sex.Male && ageThen is >= 18 and <= 45 ? 1.2 : 0.1, // prison
            employee ? 14 : 1, // company
            home.IsDesa ? 12 : 2, // village
            ageThen >= 65 ? 15 : 0.5, // home
        ];
        return (RecordingLocation)_rng.Weighted(weights);
    }

    private DateOnly Uniform(DateOnly from, DateOnly to) =>
        to <= from ? from : DateOnly.FromDayNumber(_rng.Between(from.DayNumber, to.DayNumber));

    private DateTimeOffset At(DateOnly date) =>
        new(date.ToDateTime(new TimeOnly(_rng.Between(8, 15), _rng.Between(0, 59))), _profile.UtcOffset);

    private enum Role
    {
        Head,
        Wife,
        Child,
        Grandparent,
    }

    private sealed record Draft(
        Role Role, Sex Sex, DateOnly BirthDate, MaritalStatus Status, string Name, string MotherName);

    private sealed record Kelurahan(string Digits, string Kecamatan, int RwCount, int RtPerRw, bool IsDesa);
}
