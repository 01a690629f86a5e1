using Ektp.Core.Eligibility;
using Ektp.Core.Residents;
using FsCheck.Xunit;

namespace Ektp.Core.Tests.Eligibility;

public class WajibKtpTests
{
    [Theory]
    [InlineData("2000-06-15", "2017-06-14", 16)]
    [InlineData("2000-06-15", "2017-06-15", 17)]
    [InlineData("2000-06-15", "2000-06-15", 0)]
    [InlineData("2000-06-15", "2000-06-14", -1)]
    [InlineData("2000-02-29", "2017-02-28", 16)]
    [InlineData("2000-02-29", "2017-03-01", 17)]
    [InlineData("2000-02-29", "2016-02-29", 16)]
    public void Age_counts_completed_years(string birth, string asOf, int age)
    {
        Assert.Equal(age, WajibKtp.AgeOn(DateOnly.Parse(birth, null), DateOnly.Parse(asOf, null)));
    }

    [Fact]
    public void Resident_becomes_wajib_ktp_on_the_17th_birthday()
    {
        var birth = new DateOnly(1996, 12, 19);

        Assert.False(WajibKtp.IsWajibKtp(birth, MaritalStatus.BelumKawin, new DateOnly(2013, 12, 18)));
        Assert.True(WajibKtp.IsWajibKtp(birth, MaritalStatus.BelumKawin, new DateOnly(2013, 12, 19)));
        Assert.Equal(new DateOnly(2013, 12, 19), WajibKtp.WajibKtpDate(birth));
    }

    [Theory]
    [InlineData(MaritalStatus.Kawin)]
    [InlineData(MaritalStatus.CeraiHidup)]
    [InlineData(MaritalStatus.CeraiMati)]
    public void Married_or_ever_married_resident_is_wajib_ktp_at_any_age(MaritalStatus status)
    {
        Assert.True(WajibKtp.IsWajibKtp(new DateOnly(2010, 1, 1), status, new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void Born_on_29_February_becomes_wajib_ktp_on_1_March_in_a_common_year()
    {
        Assert.Equal(new DateOnly(2017, 3, 1), WajibKtp.WajibKtpDate(new DateOnly(2000, 2, 29)));
        Assert.Equal(new DateOnly(2021, 2, 28), WajibKtp.WajibKtpDate(new DateOnly(2004, 2, 28)));
    }

    [Fact]
    public void Born_on_29_February_turns_15_on_1_March_in_a_common_year_and_16_on_29_February_in_a_leap_year()
    {
        Assert.Equal(new DateOnly(2015, 3, 1), WajibKtp.BirthdayAt(new DateOnly(2000, 2, 29), 15));
        Assert.Equal(14, WajibKtp.AgeOn(new DateOnly(2000, 2, 29), new DateOnly(2015, 2, 28)));
        Assert.Equal(15, WajibKtp.AgeOn(new DateOnly(2000, 2, 29), WajibKtp.BirthdayAt(new DateOnly(2000, 2, 29), 15)));
        Assert.Equal(new DateOnly(2016, 2, 29), WajibKtp.BirthdayAt(new DateOnly(2000, 2, 29), 16));
    }

    [Fact]
    public void Seventeen_years_after_a_leap_day_is_never_a_leap_year_so_it_is_always_1_March()
    {
        Assert.All(
            new[] { 1996, 2000, 2004, 2008, 2012 },
            year => Assert.Equal(new DateOnly(year + 17, 3, 1), WajibKtp.WajibKtpDate(new DateOnly(year, 2, 29))));
    }

    [Fact]
    public void Deactivation_is_five_years_after_the_17th_birthday()
    {
        Assert.Equal(new DateOnly(2018, 12, 19), WajibKtp.DeactivationDate(new DateOnly(1996, 12, 19)));
        Assert.Equal(new DateOnly(2022, 3, 1), WajibKtp.DeactivationDate(new DateOnly(2000, 2, 29)));
    }

    [Fact]
    public void Deactivation_counts_from_an_earlier_marriage()
    {
        var birth = new DateOnly(2000, 1, 1);

        Assert.Equal(new DateOnly(2021, 6, 1), WajibKtp.DeactivationDate(birth, new DateOnly(2016, 6, 1)));
        Assert.Equal(new DateOnly(2022, 1, 1), WajibKtp.DeactivationDate(birth, new DateOnly(2019, 6, 1)));
        Assert.Equal(new DateOnly(2022, 1, 1), WajibKtp.DeactivationDate(birth, null));
    }

    [Fact]
    public void Only_an_unrecorded_resident_is_past_deactivation()
    {
        var birth = new DateOnly(1996, 12, 19);

        Assert.False(WajibKtp.IsPastDeactivation(birth, recorded: false, new DateOnly(2018, 12, 18)));
        Assert.True(WajibKtp.IsPastDeactivation(birth, recorded: false, new DateOnly(2018, 12, 19)));
        Assert.False(WajibKtp.IsPastDeactivation(birth, recorded: true, new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void Students_may_be_recorded_from_15()
    {
        var birth = new DateOnly(1998, 12, 20);

        Assert.Equal(15, WajibKtp.MinimumRecordingAge);
        Assert.False(WajibKtp.CanRecord(birth, MaritalStatus.BelumKawin, new DateOnly(2013, 12, 19)));
        Assert.True(WajibKtp.CanRecord(birth, MaritalStatus.BelumKawin, new DateOnly(2013, 12, 20)));
        Assert.False(WajibKtp.IsWajibKtp(birth, MaritalStatus.BelumKawin, new DateOnly(2013, 12, 20)));
        Assert.False(WajibKtp.CanRecord(birth, MaritalStatus.BelumKawin, new DateOnly(2013, 12, 20), minimumAge: 17));
        Assert.True(WajibKtp.CanRecord(new DateOnly(2012, 1, 1), MaritalStatus.Kawin, new DateOnly(2026, 1, 1)));
    }

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Unmarried_resident_is_wajib_ktp_exactly_from_the_wajib_ktp_date(BirthAndToday dates) =>
        WajibKtp.IsWajibKtp(dates.BirthDate, MaritalStatus.BelumKawin, dates.Today)
            == (dates.Today >= WajibKtp.WajibKtpDate(dates.BirthDate))
        && WajibKtp.IsWajibKtp(dates.BirthDate, MaritalStatus.BelumKawin, dates.Today)
            == (WajibKtp.AgeOn(dates.BirthDate, dates.Today) >= 17);

    [Property(Arbitrary = [typeof(Generators)])]
    public bool Age_grows_by_one_on_each_birthday(BirthAndToday dates)
    {
        var age = WajibKtp.AgeOn(dates.BirthDate, dates.Today);
        return age >= 0
            && WajibKtp.AgeOn(dates.BirthDate, dates.Today.AddYears(1)) is var later && (later == age + 1
                || (dates.BirthDate is { Month: 2, Day: 29 } || dates.Today is { Month: 2, Day: 29 }));
    }
}
