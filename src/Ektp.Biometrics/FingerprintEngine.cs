namespace Ektp.Biometrics;

/// <summary>Entry point of the fingerprint engine (placeholder until the engine lands).</summary>
public static class FingerprintEngine
{
    /// <summary>Version of the template format written by this engine.</summary>
    public const int TemplateVersion = 1;
}
