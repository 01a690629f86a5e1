using Ektp.Core.Lifecycle;
using Ektp.Core.Residents;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Ektp.Regional.Tests.Outreach;

internal static class OutreachArrange
{
    public static readonly DateOnly Today = DateOnly.FromDateTime(RegionalServer.DefaultNow.UtcDateTime);

    /// <summary>Marks a resident recorded at <paramref name="at"/> (UTC) in <paramref name="where"/>, as an
    /// enrollment leaves the registry row.</summary>
    public static async Task MarkRecordedAsync(this RegionalServer server, Resident resident, DateTime at,
        RecordingLocation where)
    {
        await using var db = server.NewDbContext();
        var row = await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value);
        row.Status = RecordStatus.BioCaptured;
        row.StatusSince = at;
        row.RecordedAt = at;
        row.RecordedWhere = where;
        await db.SaveChangesAsync();
    }

    public static Resident Adult(string name, string kelurahan = TestResidents.Kelurahan, int rt = 3, int rw = 2) =>
        TestResidents.Make(name, new DateOnly(1990, 6, 15), kelurahan: kelurahan) with { Rt = rt, Rw = rw };

    /// <summary>The text of every page of a PDF, one string per page.</summary>
    public static IReadOnlyList<string> PdfPages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text)))];
    }
}
