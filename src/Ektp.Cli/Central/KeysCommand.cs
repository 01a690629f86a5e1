using System.CommandLine;
using System.Globalization;
using Ektp.Cli.Infrastructure;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Sync;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Cli.Central;

/// <summary>
/// `ektp keys show --data DIR`: the public key of a regional server (or field kit), for registration.
/// `ektp keys list|rotate|rewrap --data DIR`: the data keys that seal a server's biometrics at rest
/// (docs/security.md, "Data protection").
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data folder of the regional server or field kit", Required = true };
        var show = new Command("show", "Print this office's public key (PEM); the key pair is created on first use") { data };
        show.SetAction(parse =>
        {
            using var keys = new RegionalKeys(Path.GetFullPath(parse.GetValue(data)!));
            Console.Out.Write(RegionalKeys.PublicPem(keys.Office));
            Console.Out.WriteLine();
            Console.Error.WriteLine($"key id {PacketEnvelope.KeyId(keys.Office)}");
            return 0;
        });
        return new Command("keys", "Office key pair; data keys of the encryption at rest") { show, List(), Rotate(), Rewrap() };
    }

    private static readonly Option<string> ServerData = new("--data")
    {
        Description = "Data folder of the server (regional, field kit or central)",
        Required = true,
    };

    private static readonly Option<string?> Db = new("--db")
    {
        Description = "PostgreSQL connection string; default: the SQLite file in --data",
    };

    private static readonly Option<string?> Server = new("--server")
    {
        Description = "regional | central (found from the SQLite file in --data when not given)",
    };

    private static Command List()
    {
        var command = new Command("list", "List the data keys: id, state, when made, which master key wraps them")
        {
            ServerData, Db, Server,
        };
        command.SetAction(async (parse, ct) =>
        {
            var server = Resolve(parse);
            await using var db = server.Create();
            var keys = await LoadAsync(db, ct);
            var current = keys.Where(k => k.RetiredAt is null).Max(k => k.Id);
            foreach (var key in keys)
            {
                var state = key.RetiredAt is { } retired
                    ? $"retired {retired.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}"
                    : key.Id == current ? "current" : "readable";
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{key.Id,4}  {state,-24} made {key.CreatedAt:yyyy-MM-dd HH:mm}  master key {key.MasterKeyId}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Rotate()
    {
        var reencrypt = new Option<bool>("--reencrypt")
        {
            Description = "Also rewrite every stored value under the new key and retire (erase) the older keys; " +
                          "stop the server first",
        };
        var packetKeys = new Option<bool>("--packet-keys")
        {
            Description = "Rotate the packet key pairs in DIR/keys instead (an office's signing and encryption keys, " +
                          "or the centre's encryption key); the old ones are kept in DIR/keys/archive",
        };
        var command = new Command("rotate",
            "Make a new data key the current one; older keys stay and still open what they sealed")
        {
            ServerData, Db, Server, MasterKeyOption.File, reencrypt, packetKeys,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(packetKeys))
            {
                return parse.GetValue(reencrypt)
                    ? throw new CliException("--reencrypt belongs to the data keys, not to --packet-keys.")
                    : RotatePacketKeys(Path.GetFullPath(parse.GetValue(ServerData)!));
            }

            var server = Resolve(parse);
            await using var db = server.Create();
            await LoadAsync(db, ct);
            var cipher = new DataCipher();
            int id;
            using (var master = new MasterKeySource(server.DataDir, MasterKeyOption.FullPath(parse)).Load(createDefault: false))
            {
                id = await DataKeyStore.RotateAsync(db, master, cipher, DateTime.UtcNow, ct);
            }

            Console.Out.WriteLine($"Data key {id} is the current one of the {server.Kind} database in {server.DataDir}; " +
                                  "the older keys still open what they sealed.");
            if (!parse.GetValue(reencrypt))
            {
                Console.Out.WriteLine("Restart the server so that it seals new values with it.");
                return 0;
            }

            var report = await DataKeyStore.ReencryptAsync(db, cipher, server.Columns, DateTime.UtcNow, ct);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Rewritten} stored values re-encrypted under data key {report.CurrentKeyId}; retired: " +
                $"{(report.Retired.Count == 0 ? "none" : string.Join(", ", report.Retired))}; database compacted."));
            if (report.StillInUse.Count > 0)
            {
                Console.Error.WriteLine("ektp: warning: keys " + string.Join(", ", report.StillInUse) +
                                        " still seal values written while this ran (was the server running?); " +
                                        "stop the server and run `ektp keys rotate --reencrypt` again.");
                return 3;
            }

            return 0;
        });
        return command;
    }

    private static Command Rewrap()
    {
        var newMaster = new Option<string>("--new-master-key-file")
        {
            Description = "The new master key: an existing key file (base64 of 32 bytes), or a path where a new " +
                          "random one is made (owner-only)",
            Required = true,
        };
        var command = new Command("rewrap", "Wrap the data keys under a new master key (the stored values stay as they are)")
        {
            ServerData, Db, Server, MasterKeyOption.File, newMaster,
        };
        command.SetAction(async (parse, ct) =>
        {
            var server = Resolve(parse);
            await using var db = server.Create();
            await LoadAsync(db, ct);
            var oldSource = new MasterKeySource(server.DataDir, MasterKeyOption.FullPath(parse));
            using var old = oldSource.Load(createDefault: false);
            var path = Path.GetFullPath(parse.GetValue(newMaster)!);
            var made = !File.Exists(path);
            using var replacement = made ? MasterKey.CreateFile(path) : MasterKey.ReadFile(path);
            if (replacement.Id == old.Id)
            {
                throw new CliException($"{path} holds the master key in use already (id {old.Id}).");
            }

            var count = await DataKeyStore.RewrapAsync(db, old, replacement, ct);
            Console.Out.WriteLine($"{count} data keys of the {server.Kind} database re-wrapped under the master key " +
                                  $"in {path} (id {replacement.Id}{(made ? ", made now" : "")}).");
            Console.Out.WriteLine($"Start the server with --master-key-file {path} (or {MasterKey.EnvironmentVariable} " +
                                  $"set to its content). The old master key (id {old.Id}, {old.Origin}) no longer opens " +
                                  "this database: destroy it once the backups that need it are gone.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The packet key pairs: a regional server's or field kit's office key (signs its packets, requests and cards)
    /// and its encryption key (its field kits encrypt for it), or the centre's encryption key. The old pair goes to
    /// keys/archive/ under its key id; the servers open what was encrypted for it from there, and its public half
    /// keeps verifying what it signed. The centre's permit-signing key is not rotated here (docs/security.md).
    /// </summary>
    private static int RotatePacketKeys(string dataDir)
    {
        var keys = Path.Combine(dataDir, "keys");
        var central = Path.Combine(keys, Ektp.Central.CentralKeys.EncryptionFile);
        if (File.Exists(central))
        {
            var archived = KeyFiles.RotateAgreementKey(central);
            using var now = KeyFiles.LoadOrCreateAgreementKey(central);
            Console.Out.WriteLine($"The centre's encryption key is now {KeyFiles.KeyId(now)}; the old one is kept as " +
                                  $"{archived} and still opens the packets sealed for it. Restart the central server.");
            Console.Out.WriteLine("Offices go on sealing for the key they pinned until their keys/central-encryption.pub " +
                                  "is removed (the next contact pins the new one). The permit-signing key is unchanged.");
            return 0;
        }

        var office = Path.Combine(keys, RegionalKeys.OfficeFile);
        if (!File.Exists(office))
        {
            throw new CliException($"{keys} holds no packet keys of a regional server, field kit or central server.");
        }

        var oldOffice = KeyFiles.RotateSigningKey(office);
        var encryption = Path.Combine(keys, RegionalKeys.EncryptionFile);
        var oldEncryption = File.Exists(encryption) ? KeyFiles.RotateAgreementKey(encryption) : null;
        using var rotated = new RegionalKeys(dataDir);
        Console.Out.Write(RegionalKeys.PublicPem(rotated.Office));
        Console.Out.WriteLine();
        Console.Error.WriteLine($"New office key {PacketEnvelope.KeyId(rotated.Office)}; the old one is kept as {oldOffice}" +
                                (oldEncryption is null ? "" : $", the old encryption key as {oldEncryption}") + ".");
        Console.Error.WriteLine("Register the new key (printed above) where the old one is registered (`ektp central " +
                                "add-office` for a regional server, `ektp regional add-office` for a field kit) and " +
                                "restart this server; revoke the old key once the outbox is empty.");
        return 0;
    }

    private static ServerDatabase Resolve(ParseResult parse) =>
        ServerDatabase.Resolve(parse.GetValue(ServerData)!, parse.GetValue(Db), parse.GetValue(Server));

    /// <summary>The data keys, after bringing the schema up to date; refuses a database whose server never ran.</summary>
    private static async Task<List<DataKeyRecord>> LoadAsync(DbContext db, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        var keys = await DataKeyStore.LoadKeysAsync(db, ct);
        return keys.Count > 0
            ? keys
            : throw new CliException("This database has no data keys yet: start its server once first.");
    }
}
