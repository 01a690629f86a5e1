using System.Text;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Regions;
using Ektp.Core.Residents;
using Ektp.Regional.Importing;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Tests.Importing;

[Trait("Category", "Database")]
public sealed class RegistryImporterTests : IAsyncLifetime
{
    private const string Header =
        "NIK,NO_KK,NAMA_LGKP,TMPT_LHR,TGL_LHR,JENIS_KLMN,GOL_DARAH,AGAMA,STATUS_KAWIN,PEKERJAAN,PENDIDIKAN,NAMA_LGKP_IBU,ALAMAT,NO_RT,NO_RW,KODE_KEL";

    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(ImportResult Result, List<SiakRowError> Errors)> ImportAsync(string csv)
    {
        var errors = new List<SiakRowError>();
        await using var db = _server.NewDbContext();
        var result = await RegistryImporter.ImportAsync(db, _server.App.Services.GetRequiredService<RegionalInfo>(),
            RegionCatalog.Official, new MemoryStream(Encoding.UTF8.GetBytes(csv)), _server.Clock.GetUtcNow(),
            errors.Add, null, CancellationToken.None);
        return (result, errors);
    }

    private static string Csv(IEnumerable<Resident> residents)
    {
        var writer = new StringWriter();
        SiakCsv.Write(writer, residents);
        return writer.ToString();
    }

    private static List<Resident> Family()
    {
        var father = TestResidents.Make("HENDRA GUNAWAN", new DateOnly(1975, 3, 9), Sex.Male, MaritalStatus.Kawin);
        return
        [
            father,
            TestResidents.Make("DEWI LESTARI", new DateOnly(1978, 8, 21), Sex.Female, MaritalStatus.Kawin, kk: father.Kk.Value),
            TestResidents.Make("FAJAR", new DateOnly(2004, 1, 30), Sex.Male, kk: father.Kk.Value),
        ];
    }

    [Fact]
    public async Task Good_rows_are_imported_as_unregistered_residents_with_their_family()
    {
        var family = Family();

        var (result, errors) = await ImportAsync(Csv(family));

        Assert.Empty(errors);
        Assert.Equal(3, result.Inserted);
        Assert.Equal(1, result.FamiliesCreated);
        await using var db = _server.NewDbContext();
        var stored = await db.Residents.SingleAsync(r => r.Nik == family[1].Nik.Value);
        Assert.Equal(family[1], stored.ToResident());
        Assert.Equal(RecordStatus.Unregistered, stored.Status);
        var kk = await db.Families.SingleAsync();
        Assert.Equal(family[0].Nik.Value, kk.HeadNik);
    }

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing_the_second_time()
    {
        var csv = Csv(Family());
        await ImportAsync(csv);

        var (again, errors) = await ImportAsync(csv);

        Assert.Empty(errors);
        Assert.Equal(0, again.Inserted);
        Assert.Equal(0, again.Updated);
        Assert.Equal(3, again.Unchanged);
        Assert.Equal(0, again.FamiliesCreated);
        await using var db = _server.NewDbContext();
        Assert.Equal(3, await db.Residents.CountAsync());
        Assert.Equal(1, await db.Families.CountAsync());
    }

    [Fact]
    public async Task A_changed_row_updates_the_biodata_but_keeps_the_record_status()
    {
        var family = Family();
        await ImportAsync(Csv(family));
        await using (var db = _server.NewDbContext())
        {
            await db.Residents.Where(r => r.Nik == family[0].Nik.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RecordStatus.Delivered));
        }

        family[0] = family[0] with { Address = "JL. BARU NO. 1", Occupation = "PEDAGANG" };
        var (result, _) = await ImportAsync(Csv(family));

        Assert.Equal(1, result.Updated);
        await using var check = _server.NewDbContext();
        var stored = await check.Residents.SingleAsync(r => r.Nik == family[0].Nik.Value);
        Assert.Equal("JL. BARU NO. 1", stored.Address);
        Assert.Equal(RecordStatus.Delivered, stored.Status);
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_line_and_reason_and_good_rows_are_kept()
    {
        var good = Family();
        var csv = new StringBuilder(Csv(good));
        var outsider = TestResidents.Make("ORANG LUAR", new DateOnly(1980, 1, 1), kelurahan: "6172011001");
        csv.AppendLine(Csv([outsider]).Split('\n')[1].TrimEnd('\r')); // line 5: kelurahan of Singkawang
        csv.AppendLine("1472010101800001,1472010105100001,TOO FEW COLUMNS"); // line 6
        csv.AppendLine(Csv([good[2]]).Split('\n')[1].TrimEnd('\r')); // line 7: duplicate NIK

        var (result, errors) = await ImportAsync(csv.ToString());

        Assert.Equal(3, result.Inserted);
        Assert.Equal(3, result.Rejected);
        Assert.Equal([5L, 6L, 7L], errors.Select(e => e.Line).ToArray());
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        await using var db = _server.NewDbContext();
        Assert.Equal(3, await db.Residents.CountAsync());
    }
}
