using System.Text.Json;

namespace Ektp.Cli.Demo;

/// <summary>
/// What the demo stream has used, kept in the demo's data folder (<c>demo-stream.json</c>) so a later run never
/// records a finger again under another NIK — the centre's gallery remembers every finger, and one FVC finger is one
/// person. A finger is reserved before its enrollment is sent and released only when the regional server refused it
/// (nothing stored); a finger whose fate is unknown (the program stopped mid-request) stays used.
/// </summary>
internal sealed class DemoLedger
{
    public const string FileName = "demo-stream.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string _path;

    private DemoLedger(string path, State state)
    {
        _path = path;
        Data = state;
    }

    public State Data { get; }

    public static DemoLedger Load(string dataRoot)
    {
        var path = Path.Combine(dataRoot, FileName);
        var state = File.Exists(path) ? JsonSerializer.Deserialize<State>(File.ReadAllText(path), Json) : null;
        return new DemoLedger(path, state ?? new State());
    }

    public bool IsUsed(string fingerKey) => Data.Fingers.ContainsKey(fingerKey);

    public void Reserve(string fingerKey, string nik, string region)
    {
        Data.Fingers[fingerKey] = new FingerUse(nik, region, Sent: false);
        Save();
    }

    public void MarkSent(string fingerKey)
    {
        Data.Fingers[fingerKey] = Data.Fingers[fingerKey] with { Sent = true };
        Save();
    }

    public void Release(string fingerKey)
    {
        Data.Fingers.Remove(fingerKey);
        Save();
    }

    public void Save()
    {
        var temp = _path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(Data, Json));
        File.Move(temp, _path, overwrite: true);
    }

    internal sealed class State
    {
        /// <summary>Finger key (<c>DB1_B/101</c>) → who it was recorded for.</summary>
        public Dictionary<string, FingerUse> Fingers { get; init; } = new(StringComparer.Ordinal);

        /// <summary>The planted duplicate: the Kota Dumai person whose finger is recorded again in another region.</summary>
        public PlantedDuplicate? Planted { get; set; }
    }

    internal sealed record FingerUse(string Nik, string Region, bool Sent);

    /// <param name="Finger">The finger both enrollments carry.</param>
    /// <param name="OriginalNik">The Kota Dumai resident recorded with it first.</param>
    /// <param name="OriginalImpression">The impression recorded for them (<c>101_1</c>).</param>
    /// <param name="TwinImpression">The other impression the second region records.</param>
    /// <param name="TwinNik">The other region's resident, once the twin is sent.</param>
    internal sealed record PlantedDuplicate(string Finger, string OriginalNik, string OriginalImpression,
        string TwinImpression, string? TwinNik);
}
