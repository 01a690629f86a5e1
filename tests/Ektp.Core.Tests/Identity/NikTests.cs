using Ektp.Core.Identity;
using FsCheck.Xunit;

namespace Ektp.Core.Tests.Identity;

public class NikTests
{
    [Fact]
    public void Nik_of_a_woman_has_40_added_to_the_birth_day()
    {
        var nik = Nik.Compose("147201", new DateOnly(1990, 3, 5), Sex.Female, 12);

        Assert.Equal("1472014503900012", nik.Value);
    }

    [Fact]
    public void Nik_of_a_man_keeps_the_birth_day()
    {
        var nik = Nik.Compose("617201", new DateOnly(2001, 12, 31), Sex.Male, 9999);

        Assert.Equal("6172013112019999", nik.ToString());
        Assert.Equal("617201", nik.KecamatanDigits);
        Assert.Equal("311201", nik.BirthDigits);
        Assert.Equal(9999, nik.Serial);
    }

    [Theory]
    [InlineData("1472014503900012", true)]
    [InlineData("147201450390001", false)]
    [InlineData("14720145039000123", false)]
    [InlineData("147201450390001a", false)]
    [InlineData("1472 14503900012", false)]
    [InlineData("１４７２０１４５０３９０００１２", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryCreate_checks_the_format_only(string? text, bool ok)
    {
        Assert.Equal(ok, Nik.TryCreate(text, out var nik));
        Assert.Equal(ok ? text : string.Empty, nik.ToString());
    }

    [Fact]
    public void TryCreate_accepts_a_format_valid_nik_with_an_impossible_date()
    {
        Assert.True(Nik.TryCreate("1472019913000000", out _));
    }

    [Fact]
    public void Parse_throws_on_a_bad_format()
    {
        Assert.Throws<FormatException>(() => Nik.Parse("123"));
    }

    [Theory]
    [InlineData("14720", 1)]
    [InlineData("1472011", 1)]
    [InlineData("14720a", 1)]
    [InlineData("147201", 0)]
    [InlineData("147201", 10000)]
    public void Compose_refuses_bad_parts(string kecamatan, int serial)
    {
        Assert.ThrowsAny<ArgumentException>(
            () => Nik.Compose(kecamatan, new DateOnly(2000, 1, 1), Sex.Male, serial));
    }

    [Fact]
    public void Niks_with_the_same_digits_are_equal()
    {
        Assert.Equal(Nik.Parse("1472014503900012"), Nik.Parse("1472014503900012"));
        Assert.NotEqual(Nik.Parse("1472014503900012"), Nik.Parse("1472014503900013"));
    }

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Composed_nik_is_16_digits_starting_with_the_kecamatan(NikParts parts)
    {
        var nik = Nik.Compose(parts.Kecamatan.Digits, parts.BirthDate, parts.Sex, parts.Serial);
        return nik.Value.Length == 16
            && nik.Value.All(char.IsAsciiDigit)
            && nik.KecamatanDigits == parts.Kecamatan.Digits
            && nik.Serial == parts.Serial
            && Nik.TryCreate(nik.Value, out var again) && again == nik;
    }
}
