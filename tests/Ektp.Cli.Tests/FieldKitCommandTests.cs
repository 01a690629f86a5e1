using System.Net.Http.Json;
using System.Text.Json;

namespace Ektp.Cli.Tests;

/// <summary>`ektp field`, `ektp regional add-office` / `revoke-office` and `ektp keys show`, run as an operator would.</summary>
public sealed class FieldKitCommandTests
{
    [Fact]
    public async Task A_kit_registered_at_a_running_regional_server_pulls_the_registry_and_shows_its_queue()
    {
        var dir = EktpProcess.TempDir();
        var regionalDir = Path.Combine(dir, "regional");
        var kitDir = Path.Combine(dir, "kit");
        await using var regional = await EktpServerProcess.StartAsync("regional", "--region", "1472", "--data", regionalDir);
        var pem = Path.Combine(dir, "kit.pem");
        var keys = await EktpProcess.RunAsync("keys", "show", "--data", kitDir);
        Assert.Equal(0, keys.ExitCode);
        await File.WriteAllTextAsync(pem, keys.Out);

        var added = await EktpProcess.RunAsync("regional", "add-office", "--data", regionalDir, "--key", pem,
            "--name", "Mobil Sekolah 1");
        var again = await EktpProcess.RunAsync("regional", "add-office", "--data", regionalDir, "--key", pem);
        await using var kit = await EktpServerProcess.StartAsync("field", "--regional", regional.Url, "--data", kitDir);
        await kit.SignInAsync(kitDir, "operator-perekaman");
        await regional.SignInAsync(regionalDir, "supervisor");

        Assert.True(added.ExitCode == 0, added.Err);
        Assert.Contains("Registered field kit Mobil Sekolah 1", added.Out, StringComparison.Ordinal);
        Assert.Contains("already registered", again.Out, StringComparison.Ordinal);
        Assert.Contains("Field kit of Disdukcapil Kota Dumai (1472)", kit.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(kitDir, "field-kit.json")));
        Assert.True(File.Exists(Path.Combine(kitDir, "keys", "regional-encryption.pub")));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement state;
        while ((state = await kit.Client.GetFromJsonAsync<JsonElement>("/api/field-kit")).GetProperty("lastPull")
               .ValueKind == JsonValueKind.Null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no registry pull within 60 s: {state}");
            await Task.Delay(250);
        }

        Assert.Equal(regional.Url, state.GetProperty("regional").GetString());
        var page = await kit.Client.GetStringAsync("/antrean");
        Assert.Contains("Mode lapangan", page, StringComparison.Ordinal);
        Assert.Contains("Antrean pengiriman paket", page, StringComparison.Ordinal);
        var regionalPage = await regional.Client.GetStringAsync("/antrean?lang=en");
        Assert.Contains("Mobil Sekolah 1", regionalPage, StringComparison.Ordinal);
        Assert.Contains("Registered field kits", regionalPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_kit_is_listed_as_revoked_and_cannot_be_revoked_twice()
    {
        var dir = EktpProcess.TempDir();
        var regionalDir = Path.Combine(dir, "regional");
        await using (await EktpServerProcess.StartAsync("regional", "--region", "1472", "--data", regionalDir))
        {
            // the first start creates the regional database
        }

        var pem = Path.Combine(dir, "kit.pem");
        await File.WriteAllTextAsync(pem, (await EktpProcess.RunAsync("keys", "show", "--data", Path.Combine(dir, "kit"))).Out);
        Assert.Equal(0, (await EktpProcess.RunAsync("regional", "add-office", "--data", regionalDir, "--key", pem)).ExitCode);

        var revoked = await EktpProcess.RunAsync("regional", "revoke-office", "--data", regionalDir, "--key", pem,
            "--reason", "laptop lost", "--by", "kasi.pelayanan");
        var twice = await EktpProcess.RunAsync("regional", "revoke-office", "--data", regionalDir, "--key", pem,
            "--reason", "again");
        var readded = await EktpProcess.RunAsync("regional", "add-office", "--data", regionalDir, "--key", pem);

        Assert.True(revoked.ExitCode == 0, revoked.Err);
        Assert.StartsWith("Revoked field kit", revoked.Out, StringComparison.Ordinal);
        Assert.Equal(2, twice.ExitCode);
        Assert.StartsWith("ektp: error: The kit", twice.Err, StringComparison.Ordinal);
        Assert.Single(twice.Err.Trim().Split('\n'));
        Assert.Contains("revoked since", readded.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_office_refuses_a_folder_without_a_regional_server_and_a_file_that_is_not_a_key()
    {
        var dir = EktpProcess.TempDir();
        var notAKey = Path.Combine(dir, "not-a-key.pem");
        await File.WriteAllTextAsync(notAKey, "hello");

        var noServer = await EktpProcess.RunAsync("regional", "add-office", "--data", Path.Combine(dir, "empty"),
            "--key", notAKey);
        var missing = await EktpProcess.RunAsync("regional", "add-office", "--data", dir, "--key",
            Path.Combine(dir, "nope.pem"));

        Assert.Equal(2, noServer.ExitCode);
        Assert.StartsWith("ektp: error:", noServer.Err, StringComparison.Ordinal);
        Assert.Contains("not the data folder of a regional server", noServer.Err, StringComparison.Ordinal);
        Assert.Single(noServer.Err.Trim().Split('\n'));
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("ektp: error: Key file not found", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_start_without_the_regional_server_is_one_line_and_a_non_zero_exit()
    {
        var dir = EktpProcess.TempDir();

        var (exit, _, err) = await EktpProcess.RunAsync("field", "--regional", "http://127.0.0.1:9", "--data",
            Path.Combine(dir, "kit"));
        var badUrl = await EktpProcess.RunAsync("field", "--regional", "dumai", "--data", Path.Combine(dir, "kit"));

        Assert.Equal(2, exit);
        Assert.StartsWith("ektp: error: The regional server at http://127.0.0.1:9 cannot be reached", err,
            StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Equal(2, badUrl.ExitCode);
        Assert.Contains("--regional must be", badUrl.Err, StringComparison.Ordinal);
    }
}
