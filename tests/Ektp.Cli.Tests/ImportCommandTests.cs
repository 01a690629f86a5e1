namespace Ektp.Cli.Tests;

public sealed class ImportCommandTests
{
    [Fact]
    public async Task A_generated_city_imports_and_a_second_import_changes_nothing()
    {
        var dir = EktpProcess.TempDir();
        var csv = Path.Combine(dir, "dumai.csv");
        var data = Path.Combine(dir, "data");
        var generate = await EktpProcess.RunAsync("generate", "--region", "1472", "--population", "300",
            "--as-of", "2013-12-19", "--csv", csv);
        Assert.Equal(0, generate.ExitCode);

        var first = await EktpProcess.RunAsync("import", "--region", "1472", "--csv", csv, "--data", data);
        var second = await EktpProcess.RunAsync("import", "--region", "1472", "--csv", csv, "--data", data);

        Assert.True(first.ExitCode == 0, first.Err);
        Assert.Contains("300 rows read, 300 new", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("0 new, 0 updated, 300 unchanged, 0 rejected", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_rows_are_listed_with_their_line_and_the_exit_code_says_so()
    {
        var dir = EktpProcess.TempDir();
        var csv = Path.Combine(dir, "bad.csv");
        await File.WriteAllTextAsync(csv,
            "NIK,NO_KK,NAMA_LGKP,TMPT_LHR,TGL_LHR,JENIS_KLMN,GOL_DARAH,AGAMA,STATUS_KAWIN,PEKERJAAN,PENDIDIKAN,NAMA_LGKP_IBU,ALAMAT,NO_RT,NO_RW,KODE_KEL\n" +
            "not-a-nik,1472010105100001,A,DUMAI,01-01-1990,L,O,ISLAM,KAWIN,WIRASWASTA,SLTA/SEDERAJAT,IBU,JL. A,1,1,1472011006\n" +
            "1472010101900001,1472010105100001,B,DUMAI,01-01-1990\n");

        var (exit, _, err) = await EktpProcess.RunAsync("import", "--region", "1472", "--csv", csv,
            "--data", Path.Combine(dir, "data"));

        Assert.Equal(3, exit);
        Assert.Contains("line 2:", err, StringComparison.Ordinal);
        Assert.Contains("line 3:", err, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "data"), "import-errors-*.txt"));
    }

    [Fact]
    public async Task A_missing_file_is_one_line_on_stderr_and_a_non_zero_exit()
    {
        var dir = EktpProcess.TempDir();

        var (exit, _, err) = await EktpProcess.RunAsync("import", "--region", "1472", "--csv",
            Path.Combine(dir, "nope.csv"), "--data", dir);

        Assert.Equal(2, exit);
        Assert.StartsWith("ektp: error: CSV file not found", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task An_unknown_region_is_refused_with_one_line()
    {
        var dir = EktpProcess.TempDir();
        var csv = Path.Combine(dir, "empty.csv");
        await File.WriteAllTextAsync(csv, "");

        var (exit, _, err) = await EktpProcess.RunAsync("import", "--region", "9999", "--csv", csv, "--data", dir);

        Assert.Equal(2, exit);
        Assert.Contains("9999", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }
}
