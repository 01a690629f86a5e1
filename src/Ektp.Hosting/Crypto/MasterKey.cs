using System.Security.Cryptography;
using System.Text;

namespace Ektp.Hosting.Crypto;

/// <summary>
/// The key that protects a server's data keys (docs/security.md, "Data protection"). It never enters the database:
/// the data keys are stored there wrapped by it (AES-256-GCM), so the database alone opens nothing.
/// </summary>
public sealed class MasterKey : IDisposable
{
    public const int Size = 32;

    /// <summary>The environment variable that may hold the master key (base64 of 32 bytes).</summary>
    public const string EnvironmentVariable = "EKTP_MASTER_KEY";

    private static readonly byte[] IdLabel = "ektp-master-key-id/1"u8.ToArray();
    private readonly byte[] _key;

    private MasterKey(byte[] key, string origin)
    {
        _key = key;
        Origin = origin;
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(key, IdLabel).AsSpan(0, 8));
    }

    /// <summary>A short public name of the key (HMAC of a fixed label, 16 hex digits): it tells which master key
    /// wrapped a data key without revealing anything of it.</summary>
    public string Id { get; }

    /// <summary>Where the key came from, for messages (a file path or the environment variable's name).</summary>
    public string Origin { get; }

    /// <summary>The default place of the master key: <c>DIR/keys/master.key</c>. Convenient for the demo; in
    /// production the key belongs outside the data folder and its backups.</summary>
    public static string DefaultPath(string dataDir) => Path.Combine(dataDir, "keys", "master.key");

    public static MasterKey Generate(string origin = "generated") => new(RandomNumberGenerator.GetBytes(Size), origin);

    /// <summary>Parses base64 of exactly 32 bytes.</summary>
    public static MasterKey FromBase64(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new AtRestException($"The master key in {origin} is not base64.");
        }

        return key.Length == Size
            ? new MasterKey(key, origin)
            : throw new AtRestException($"The master key in {origin} is {key.Length} bytes; it must be {Size}.");
    }

    /// <summary>Reads a key file: base64 text of 32 bytes (what <see cref="CreateFile"/> writes) or the 32 raw bytes.</summary>
    public static MasterKey ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new AtRestException($"The master key file {path} does not exist.");
        }

        var bytes = File.ReadAllBytes(path);
        return bytes.Length == Size && !LooksLikeBase64(bytes)
            ? new MasterKey(bytes, path)
            : FromBase64(Encoding.ASCII.GetString(bytes), path);
    }

    /// <summary>Makes a new random key in a new file readable by its owner only (mode 0600).</summary>
    public static MasterKey CreateFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = Generate(path);
        key.WriteFile(path);
        return key;
    }

    /// <summary>Writes this key as base64 to a new owner-only file (never over an existing one).</summary>
    public void WriteFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            throw new AtRestException($"The master key file {path} exists already; it is never overwritten.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(_key) + "\n"));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path);
    }

    /// <summary>Wraps a data key: <c>nonce (12) | ciphertext (32) | tag (16)</c>, bound to the data key's id.</summary>
    public byte[] Wrap(int dataKeyId, ReadOnlySpan<byte> dataKey)
    {
        var wrapped = new byte[AtRestEnvelope.NonceSize + dataKey.Length + AtRestEnvelope.TagSize];
        var span = wrapped.AsSpan();
        RandomNumberGenerator.Fill(span[..AtRestEnvelope.NonceSize]);
        using var aes = new AesGcm(_key, AtRestEnvelope.TagSize);
        aes.Encrypt(span[..AtRestEnvelope.NonceSize], dataKey, span.Slice(AtRestEnvelope.NonceSize, dataKey.Length),
            span[^AtRestEnvelope.TagSize..], WrapLabel(dataKeyId));
        return wrapped;
    }

    /// <exception cref="AtRestException">The wrapped key does not open with this master key.</exception>
    public byte[] Unwrap(int dataKeyId, ReadOnlySpan<byte> wrapped)
    {
        var length = wrapped.Length - AtRestEnvelope.NonceSize - AtRestEnvelope.TagSize;
        if (length != AtRestEnvelope.KeySize)
        {
            throw new AtRestException($"Data key {dataKeyId} is damaged in the database.");
        }

        var key = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, AtRestEnvelope.TagSize);
            aes.Decrypt(wrapped[..AtRestEnvelope.NonceSize], wrapped.Slice(AtRestEnvelope.NonceSize, length),
                wrapped[^AtRestEnvelope.TagSize..], key, WrapLabel(dataKeyId));
        }
        catch (CryptographicException)
        {
            throw new AtRestException(
                $"Data key {dataKeyId} does not open with the master key from {Origin}: wrong master key, or the " +
                "key row was altered.");
        }

        return key;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    private static byte[] WrapLabel(int dataKeyId) => Encoding.ASCII.GetBytes($"ektp-data-key/1:{dataKeyId}");

    private static bool LooksLikeBase64(byte[] bytes) =>
        bytes.All(b => b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'+' or (byte)'/' or (byte)'=' or (byte)'\n' or (byte)'\r');
}

/// <summary>
/// Where a server takes its master key from, in this order: <c>--master-key-file PATH</c>; the environment variable
/// <c>EKTP_MASTER_KEY</c> (base64); the file <c>DIR/keys/master.key</c>, made on first start with mode 0600.
/// </summary>
public sealed record MasterKeySource(string DataDir, string? File = null)
{
    /// <summary>
    /// The master key; with <paramref name="createDefault"/> (a database without data keys yet) the default file is
    /// made when neither a file nor the variable is given and it does not exist.
    /// </summary>
    /// <exception cref="AtRestException">No key where one is expected, or an unreadable one.</exception>
    public MasterKey Load(bool createDefault)
    {
        if (File is not null)
        {
            return MasterKey.ReadFile(File);
        }

        if (Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable) is { Length: > 0 } text)
        {
            return MasterKey.FromBase64(text, MasterKey.EnvironmentVariable);
        }

        var path = MasterKey.DefaultPath(DataDir);
        if (System.IO.File.Exists(path))
        {
            return MasterKey.ReadFile(path);
        }

        return createDefault
            ? MasterKey.CreateFile(path)
            : throw new AtRestException(
                "This database's data keys are protected by a master key, but none was given: use " +
                $"--master-key-file PATH or {MasterKey.EnvironmentVariable} (no {path} either).");
    }
}
