using Ektp.Biometrics;
using Ektp.Central.Data;
using Ektp.Hosting.Crypto;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Pipeline;

/// <summary>
/// The national 1:N gallery, one per process: rebuilt from the <c>persons</c> table when the pipeline starts and
/// kept up to date after each commit that adds or removes a person, so memory never holds what the database lost.
/// </summary>
internal sealed class NationalGallery(DataCipher cipher) : IDisposable
{
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private bool _loaded;

    public FingerprintGallery Gallery { get; } = new();

    public async Task EnsureLoadedAsync(CentralDbContext db, CancellationToken ct)
    {
        await _loadGate.WaitAsync(ct);
        try
        {
            if (_loaded)
            {
                return;
            }

            long after = 0;
            while (true)
            {
                var batch = await db.Persons.AsNoTracking().Where(p => p.Id > after).OrderBy(p => p.Id).Take(500)
                    .Select(p => new { p.Id, p.PacketId, p.Templates }).ToListAsync(ct);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var person in batch)
                {
                    Gallery.Add(person.Id, EnrolledPerson.UnpackTemplates(cipher, person.PacketId, person.Templates));
                }

                after = batch[^1].Id;
            }

            _loaded = true;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    public void Dispose()
    {
        Gallery.Dispose();
        _loadGate.Dispose();
    }
}
