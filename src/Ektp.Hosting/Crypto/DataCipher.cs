using System.Collections.Frozen;

namespace Ektp.Hosting.Crypto;

/// <summary>
/// A server's data keys in memory, unwrapped at start-up (<see cref="DataKeyStore.OpenAsync"/>): seals every
/// biometric value before it is written and opens it after it is read. New values go under the current key; a value
/// under an older, unretired key still opens, so a rotation never makes old rows unreadable.
/// </summary>
public sealed class DataCipher
{
    private volatile KeyRing? _ring;

    public bool IsLoaded => _ring is not null;

    /// <summary>The id of the key new values are sealed with.</summary>
    public int CurrentKeyId => Ring.Current;

    /// <summary>The ids of the keys this process can open values with.</summary>
    public IReadOnlyCollection<int> KeyIds => Ring.Keys.Keys;

    public byte[] Seal(CellAddress cell, ReadOnlySpan<byte> plain)
    {
        var ring = Ring;
        return AtRestEnvelope.Seal(ring.Keys[ring.Current], ring.Current, cell, plain);
    }

    /// <exception cref="AtRestException">Not sealed, sealed under a key this process does not hold, or not opening at
    /// this address.</exception>
    public byte[] Open(CellAddress cell, ReadOnlySpan<byte> sealedValue)
    {
        if (!AtRestEnvelope.IsSealed(sealedValue))
        {
            throw new AtRestException($"The stored value {cell} is not encrypted.");
        }

        var keyId = AtRestEnvelope.KeyIdOf(sealedValue);
        return Ring.Keys.TryGetValue(keyId, out var key)
            ? AtRestEnvelope.Open(key, cell, sealedValue)
            : throw new AtRestException(
                $"The stored value {cell} is sealed under data key {keyId}, which this server does not hold " +
                "(retired, or made by `ektp keys rotate` after this server started: restart it).");
    }

    /// <summary>Replaces the keys held (the store calls this after reading or changing the <c>data_keys</c> table).</summary>
    public void Load(IReadOnlyDictionary<int, byte[]> keys, int current)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!keys.ContainsKey(current))
        {
            throw new ArgumentException("The current key must be among the keys.", nameof(current));
        }

        _ring = new KeyRing(keys.ToFrozenDictionary(), current);
    }

    /// <summary>A cipher over one fresh random key (tests, benchmarks).</summary>
    public static DataCipher ForTesting(int keyId = 1)
    {
        var cipher = new DataCipher();
        cipher.Load(new Dictionary<int, byte[]>
        {
            [keyId] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(AtRestEnvelope.KeySize),
        }, keyId);
        return cipher;
    }

    private KeyRing Ring => _ring ?? throw new InvalidOperationException(
        "The data keys are not loaded: the server's database must be prepared (data keys opened) before use.");

    private sealed record KeyRing(FrozenDictionary<int, byte[]> Keys, int Current);
}
