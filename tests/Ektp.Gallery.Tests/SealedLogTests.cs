using Ektp.Central.Gallery;
using Ektp.Central.Pipeline;
using Ektp.Cli.Gallery;
using Ektp.Gallery.Tests.Infrastructure;
using Ektp.Hosting.Crypto;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Gallery.Tests;

/// <summary>The gallery log holds the persons' templates sealed at rest, and a silo keeps reading it across a
/// data-key rotation made while it runs.</summary>
public sealed class SealedLogTests
{
    [Fact]
    public async Task The_log_holds_the_persons_sealed_value_and_a_silo_reloads_its_keys_after_a_rotation()
    {
        using var database = await LogDatabase.CreateAsync();
        var (first, _) = await database.InsertAsync(SyntheticPersons.Fingers(1, 0));

        // A silo's view: its own copy of the keys, unwrapped from the database with the master key file.
        using var master = MasterKey.ReadFile(database.MasterKeyFile);
        var siloCipher = new DataCipher();
        await GallerySilo.UnlockAsync(database.Settings, master, siloCipher, default);
        var staleCipher = new DataCipher(); // a silo that never reloads its keys
        await GallerySilo.UnlockAsync(database.Settings, master, staleCipher, default);
        var refreshes = 0;
        var log = new EfGalleryLog(database.Settings, siloCipher, async ct =>
        {
            refreshes++;
            await GallerySilo.UnlockAsync(database.Settings, master, siloCipher, ct);
        });

        await using (var db = database.Open())
        {
            var person = await db.Persons.SingleAsync(p => p.Id == first);
            var row = await db.GalleryLog.SingleAsync(e => e.PersonId == first);
            Assert.True(AtRestEnvelope.IsSealed(row.Templates));
            Assert.Equal(person.Templates, row.Templates); // a copy: nothing encrypted twice
            Assert.Equal(person.PacketId, row.PacketId);

            // The central server rotates its data key; the next person is sealed under the new one.
            await DataKeyStore.RotateAsync(db, master, database.Cipher, DateTime.UtcNow);
        }

        var (second, _) = await database.InsertAsync(SyntheticPersons.Fingers(2, 0));
        var stale = new EfGalleryLog(database.Settings, staleCipher);
        await Assert.ThrowsAsync<AtRestException>(() => stale.ReadAsync(0, 1, 0, 100, default));

        var records = await log.ReadAsync(0, 1, 0, 100, default);

        Assert.Equal([first, second], records.Select(r => r.PersonId));
        Assert.All(records, r => Assert.Equal(2, r.Fingers!.Count));
        Assert.Equal(1, refreshes);
        Assert.Equal(2, siloCipher.KeyIds.Count);
    }
}
