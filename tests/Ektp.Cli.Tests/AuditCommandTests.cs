using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Ektp.Cli.Tests;

/// <summary>
/// `ektp audit verify` on a regional SQLite file whose log is written by `ektp user add` (account changes are
/// audited too), then tampered with as an attacker with the database file would: triggers dropped, one entry edited,
/// one deleted, the tail cut.
/// </summary>
public sealed partial class AuditCommandTests : IDisposable
{
    private readonly string _data = EktpProcess.TempDir();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // the temp folder is cleaned by the OS
        }
    }

    /// <summary>Three accounts added, so three audit entries; returns the head verify prints.</summary>
    private async Task<string> ThreeEntriesAsync()
    {
        foreach (var (user, role) in new[] { ("op.satu", "operator-perekaman"), ("op.dua", "operator-cetak"), ("spv.tiga", "supervisor") })
        {
            var (exit, _, err) = await EktpProcess.RunAsync("user", "add", "--data", _data, "--server", "regional",
                "--user", user, "--role", role);
            Assert.True(exit == 0, err);
        }

        var (code, output, _) = await EktpProcess.RunAsync("audit", "verify", "--data", _data);
        Assert.Equal(0, code);
        Assert.Contains("entries checked: 3", output, StringComparison.Ordinal);
        Assert.Contains("intact", output, StringComparison.Ordinal);
        return Head().Match(output).Groups[1].Value;
    }

    private void Tamper(params string[] sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "regional.db")};Pooling=False");
        connection.Open();
        foreach (var statement in new[]
                 {
                     "DROP TRIGGER audit_entries_no_update", "DROP TRIGGER audit_entries_no_delete",
                 }.Concat(sql))
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }

    [Fact]
    public async Task An_untouched_log_verifies_with_its_head_as_the_anchor()
    {
        var head = await ThreeEntriesAsync();

        var (exit, output, _) = await EktpProcess.RunAsync("audit", "verify", "--data", _data, "--expect", head);

        Assert.Equal(0, exit);
        Assert.Matches(@"^3:[0-9a-f]{64}$", head);
        Assert.Contains($"anchor {head}: present and unchanged", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_refuses_an_edit_while_its_triggers_are_in_place()
    {
        await ThreeEntriesAsync();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "regional.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE audit_entries SET \"Detail\" = 'x' WHERE \"Seq\" = 2";

        var refused = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_entry_breaks_the_chain_at_its_seq()
    {
        await ThreeEntriesAsync();
        Tamper("UPDATE audit_entries SET \"Detail\" = 'account op.x, role admin' WHERE \"Seq\" = 2");

        var (exit, output, _) = await EktpProcess.RunAsync("audit", "verify", "--data", _data, "--server", "regional");

        Assert.Equal(1, exit);
        Assert.Contains("entries checked: 1", output, StringComparison.Ordinal);
        Assert.Contains("BROKEN at entry 2: entry 2 was changed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_entry_breaks_the_chain()
    {
        await ThreeEntriesAsync();
        Tamper("DELETE FROM audit_entries WHERE \"Seq\" = 2");

        var (exit, output, _) = await EktpProcess.RunAsync("audit", "verify", "--data", _data);

        Assert.Equal(1, exit);
        Assert.Contains("BROKEN at entry 2: entry 2 is missing", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_tail_passes_without_an_anchor_and_is_found_with_one()
    {
        var head = await ThreeEntriesAsync();
        Tamper("DELETE FROM audit_entries WHERE \"Seq\" = 3");

        var (plain, _, _) = await EktpProcess.RunAsync("audit", "verify", "--data", _data);
        var (anchored, output, _) = await EktpProcess.RunAsync("audit", "verify", "--data", _data, "--expect", head);

        Assert.Equal(0, plain);
        Assert.Equal(1, anchored);
        Assert.Contains("BROKEN at entry 3: the log ends at entry 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_anchor_or_a_folder_without_a_database_is_a_one_line_error()
    {
        var (badAnchor, _, anchorError) = await EktpProcess.RunAsync("audit", "verify", "--data", _data, "--expect", "3:abc");
        var (noDatabase, _, databaseError) = await EktpProcess.RunAsync("audit", "verify", "--data", _data);
        var (missingFile, _, fileError) = await EktpProcess.RunAsync("audit", "verify", "--data", _data,
            "--server", "central");

        Assert.Equal(2, badAnchor);
        Assert.StartsWith("ektp: error: --expect:", anchorError, StringComparison.Ordinal);
        Assert.Equal(2, noDatabase);
        Assert.Contains("holds no server database", databaseError, StringComparison.Ordinal);
        Assert.Equal(2, missingFile);
        Assert.Contains("No database at", fileError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data, "central.db")), "verify must not create a database");
        Assert.Single(anchorError.Trim().Split('\n'));
    }

    [GeneratedRegex(@"head: (\S+)")]
    private static partial Regex Head();
}
