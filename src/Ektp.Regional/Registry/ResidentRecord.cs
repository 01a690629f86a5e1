using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ektp.Regional.Registry;

/// <summary>
/// One resident of the kab/kota as the registry holds it: the biodata (Core's <see cref="Resident"/>, flattened into
/// columns) plus where the person stands in the e-KTP lifecycle.
/// </summary>
internal sealed class ResidentRecord
{
    public required string Nik { get; set; }
    public required string KkNumber { get; set; }
    public required string Name { get; set; }

    /// <summary>Upper-case copy of the name so a search is an index-friendly ordinal LIKE on every database.</summary>
    public required string NameKey { get; set; }

    public required string BirthPlace { get; set; }
    public DateOnly BirthDate { get; set; }
    public Sex Sex { get; set; }
    public BloodType BloodType { get; set; }
    public required string Address { get; set; }
    public int Rt { get; set; }
    public int Rw { get; set; }
    public required string KelurahanCode { get; set; }
    public required string KecamatanCode { get; set; }
    public Religion Religion { get; set; }
    public MaritalStatus MaritalStatus { get; set; }
    public required string Occupation { get; set; }
    public Citizenship Citizenship { get; set; }
    public Education Education { get; set; }
    public required string MotherName { get; set; }

    public RecordStatus Status { get; set; }
    public DateTime StatusSince { get; set; }
    public string? StatusReason { get; set; }
    public DateTime? RecordedAt { get; set; }
    public RecordingLocation? RecordedWhere { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static string KeyOf(string name) => name.Trim().ToUpperInvariant();

    public Resident ToResident() => new()
    {
        Nik = Core.Identity.Nik.Parse(Nik),
        Kk = Core.Identity.KkNumber.Parse(KkNumber),
        Name = Name,
        BirthPlace = BirthPlace,
        BirthDate = BirthDate,
        Sex = Sex,
        BloodType = BloodType,
        Address = Address,
        Rt = Rt,
        Rw = Rw,
        KelurahanCode = KelurahanCode,
        Religion = Religion,
        MaritalStatus = MaritalStatus,
        Occupation = Occupation,
        Citizenship = Citizenship,
        Education = Education,
        MotherName = MotherName,
    };

    /// <summary>Copies the biodata of <paramref name="resident"/>; the lifecycle columns are left alone.</summary>
    public void SetBiodata(Resident resident)
    {
        Nik = resident.Nik.Value;
        KkNumber = resident.Kk.Value;
        Name = resident.Name;
        NameKey = KeyOf(resident.Name);
        BirthPlace = resident.BirthPlace;
        BirthDate = resident.BirthDate;
        Sex = resident.Sex;
        BloodType = resident.BloodType;
        Address = resident.Address;
        Rt = resident.Rt;
        Rw = resident.Rw;
        KelurahanCode = resident.KelurahanCode;
        KecamatanCode = resident.KecamatanCode;
        Religion = resident.Religion;
        MaritalStatus = resident.MaritalStatus;
        Occupation = resident.Occupation;
        Citizenship = resident.Citizenship;
        Education = resident.Education;
        MotherName = resident.MotherName;
    }

    public static ResidentRecord From(Resident resident, RecordStatus status, DateTime since)
    {
        var record = new ResidentRecord
        {
            Nik = "",
            KkNumber = "",
            Name = "",
            NameKey = "",
            BirthPlace = "",
            Address = "",
            KelurahanCode = "",
            KecamatanCode = "",
            Occupation = "",
            MotherName = "",
            Status = status,
            StatusSince = since,
            UpdatedAt = since,
        };
        record.SetBiodata(resident);
        return record;
    }

    /// <summary>True when the biodata columns equal <paramref name="resident"/> (a re-import changes nothing).</summary>
    public bool HasSameBiodata(Resident resident) => ToResident() == resident;
}

internal sealed class ResidentRecordConfiguration : IEntityTypeConfiguration<ResidentRecord>
{
    public void Configure(EntityTypeBuilder<ResidentRecord> b)
    {
        b.ToTable("residents");
        b.HasKey(r => r.Nik);
        b.Property(r => r.Nik).HasMaxLength(16).IsFixedLength();
        b.Property(r => r.KkNumber).HasMaxLength(16).IsFixedLength();
        b.Property(r => r.Name).HasMaxLength(120);
        b.Property(r => r.NameKey).HasMaxLength(120);
        b.Property(r => r.BirthPlace).HasMaxLength(80);
        b.Property(r => r.Address).HasMaxLength(200);
        b.Property(r => r.KelurahanCode).HasMaxLength(10);
        b.Property(r => r.KecamatanCode).HasMaxLength(6);
        b.Property(r => r.Occupation).HasMaxLength(80);
        b.Property(r => r.MotherName).HasMaxLength(120);
        b.Property(r => r.StatusReason).HasMaxLength(500);
        b.Property(r => r.Sex).HasConversion<string>().HasMaxLength(8);
        b.Property(r => r.BloodType).HasConversion<string>().HasMaxLength(8);
        b.Property(r => r.Religion).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.MaritalStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Citizenship).HasConversion<string>().HasMaxLength(4);
        b.Property(r => r.Education).HasConversion<string>().HasMaxLength(24);
        b.Property(r => r.RecordedWhere).HasConversion<string>().HasMaxLength(12);
        b.Property(r => r.Status).HasConversion(s => RecordLifecycle.Code(s), s => ParseStatus(s)).HasMaxLength(32)
            .IsConcurrencyToken(); // two operators recording the same person at once: the second one loses
        b.HasIndex(r => r.KkNumber);
        b.HasIndex(r => new { r.KelurahanCode, r.Rw, r.Rt });
        b.HasIndex(r => r.NameKey);
        b.HasIndex(r => r.Status);
    }

    private static RecordStatus ParseStatus(string code) =>
        RecordLifecycle.TryParse(code, out var status) ? status : throw new InvalidDataException($"Unknown status {code}");
}
