using System.Text.Json;

namespace Ektp.Cli.Tests;

public sealed class NikCommandTests
{
    [Fact]
    public async Task A_valid_nik_is_explained_and_exits_zero()
    {
        var (exit, output, _) = await EktpProcess.RunAsync("nik", "check", "1472014104900003");

        Assert.Equal(0, exit);
        Assert.Contains("valid", output, StringComparison.Ordinal);
        Assert.Contains("Kota Dumai", output, StringComparison.Ordinal);
        Assert.Contains("1990-04-01", output, StringComparison.Ordinal);
        Assert.Contains("female", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_nik_lists_every_error_and_exits_one()
    {
        var (exit, output, _) = await EktpProcess.RunAsync("nik", "check", "1472017104900000");

        Assert.Equal(1, exit);
        Assert.Contains("INVALID", output, StringComparison.Ordinal);
        Assert.Contains("[nik-birth-date-invalid]", output, StringComparison.Ordinal);
        Assert.Contains("[nik-serial-zero]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_one_object_with_errors_and_warnings()
    {
        var (exit, output, _) = await EktpProcess.RunAsync("nik", "check", "12", "--json");

        Assert.Equal(1, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal("nik-length", json.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(0, json.GetProperty("warnings").GetArrayLength());
    }
}
