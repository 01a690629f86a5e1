namespace Ektp.Cli.Tests;

/// <summary>`ektp keys list|rotate|rewrap` and the master key of `ektp central`, run as an operator would.</summary>
public sealed class KeysCommandTests
{
    [Fact]
    public async Task Data_keys_rotate_and_rewrap_and_the_server_then_needs_the_new_master_key()
    {
        var dir = EktpProcess.TempDir();
        var data = Path.Combine(dir, "central");
        await using (await EktpServerProcess.StartAsync("central", "--data", data))
        {
        }

        var listed = await EktpProcess.RunAsync("keys", "list", "--data", data);
        var rotated = await EktpProcess.RunAsync("keys", "rotate", "--data", data, "--reencrypt");
        var newKey = Path.Combine(dir, "vault", "master.key");
        var rewrapped = await EktpProcess.RunAsync("keys", "rewrap", "--data", data, "--new-master-key-file", newKey);
        var refused = await EktpProcess.RunAsync("central", "--data", data, "--urls", "http://127.0.0.1:0");

        Assert.True(listed.ExitCode == 0, listed.Err);
        Assert.Matches(@"^\s+1\s+current\b", listed.Out);
        Assert.True(rotated.ExitCode == 0, rotated.Err);
        Assert.Contains("Data key 2 is the current one", rotated.Out, StringComparison.Ordinal);
        Assert.Contains("retired: 1", rotated.Out, StringComparison.Ordinal);
        Assert.True(rewrapped.ExitCode == 0, rewrapped.Err);
        Assert.Contains("made now", rewrapped.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(newKey));
        }

        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ektp: error: The master key from ", line, StringComparison.Ordinal);
        Assert.Contains("--master-key-file", line, StringComparison.Ordinal);

        await using var started = await EktpServerProcess.StartAsync("central", "--data", data, "--master-key-file", newKey);
        var afterwards = await EktpProcess.RunAsync("keys", "list", "--data", data, "--server", "central");
        Assert.Contains("2  current", afterwards.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Packet_keys_rotate_with_the_old_pairs_archived_for_an_office_and_for_the_centre()
    {
        var dir = EktpProcess.TempDir();
        var office = Path.Combine(dir, "regional");
        var central = Path.Combine(dir, "central");
        var before = await EktpProcess.RunAsync("keys", "show", "--data", office);
        await using (await EktpServerProcess.StartAsync("central", "--data", central))
        {
        }

        var rotated = await EktpProcess.RunAsync("keys", "rotate", "--data", office, "--packet-keys");
        var shown = await EktpProcess.RunAsync("keys", "show", "--data", office);
        var centre = await EktpProcess.RunAsync("keys", "rotate", "--data", central, "--packet-keys");

        Assert.True(rotated.ExitCode == 0, rotated.Err);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", rotated.Out, StringComparison.Ordinal);
        Assert.NotEqual(before.Out, rotated.Out);
        Assert.Equal(shown.Out, rotated.Out);
        Assert.Contains("add-office", rotated.Err, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(office, "keys", "archive"), "office-*.pem"));
        Assert.True(centre.ExitCode == 0, centre.Err);
        Assert.Contains("The centre's encryption key is now", centre.Out, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(central, "keys", "archive"), "central-encryption-*.pem"));
    }

    [Fact]
    public async Task Rotating_the_keys_of_a_folder_without_a_server_database_is_a_one_line_error()
    {
        var result = await EktpProcess.RunAsync("keys", "rotate", "--data", EktpProcess.TempDir());

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("ektp: error: ", result.Err, StringComparison.Ordinal);
        Assert.Contains("start the server once", result.Err, StringComparison.Ordinal);
    }
}
