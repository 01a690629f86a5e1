using System.CommandLine;
using Ektp.Hosting.Crypto;

namespace Ektp.Cli.Infrastructure;

/// <summary>`--master-key-file PATH`: the key that protects the data keys of a server (docs/security.md).</summary>
internal static class MasterKeyOption
{
    public static readonly Option<string?> File = new("--master-key-file")
    {
        Description = $"Master key (base64 of 32 bytes) protecting the data keys; default: {MasterKey.EnvironmentVariable}, " +
                      "else DIR/keys/master.key (made on first start; keep it outside the data folder in production)",
    };

    public static string? FullPath(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(File) is { } path ? Path.GetFullPath(path) : null;
    }
}
