using System.CommandLine;
using Ektp.Core.Packets;
using Ektp.Regional.Sync;

namespace Ektp.Cli.Central;

/// <summary>`ektp keys show --data DIR`: the public key of a regional server (or field kit), for registration.</summary>
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
        return new Command("keys", "Office key pair") { show };
    }
}
