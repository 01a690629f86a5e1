using Ektp.Core.Identity;
using Ektp.Core.Residents;

namespace Ektp.Core.Tests.Residents;

public class FamilyTests
{
    private static readonly Family Family = new(
        TestResidents.Kk, TestResidents.Budi().Nik, "JL. SULTAN SYARIF KASIM NO. 12", 3, 2, "1472011003");

    [Fact]
    public void Family_with_its_head_and_members_is_valid()
    {
        var validation = Family.Validate([TestResidents.Budi(), TestResidents.Siti()]);

        Assert.True(validation.IsValid);
    }

    [Fact]
    public void Member_of_another_kk_is_refused()
    {
        var other = KkNumber.Compose("147201", new DateOnly(2015, 1, 1), 2);

        var validation = Family.Validate([TestResidents.Budi(), TestResidents.Siti(other)]);

        Assert.Equal(FamilyProblemCodes.OtherKk, Assert.Single(validation.Problems).Code);
    }

    [Fact]
    public void Family_without_its_head_is_refused()
    {
        var validation = Family.Validate([TestResidents.Siti()]);

        Assert.Equal(FamilyProblemCodes.HeadMissing, Assert.Single(validation.Problems).Code);
    }

    [Fact]
    public void Member_listed_twice_is_refused()
    {
        var validation = Family.Validate([TestResidents.Budi(), TestResidents.Siti(), TestResidents.Siti()]);

        Assert.Equal(FamilyProblemCodes.DuplicateMember, Assert.Single(validation.Problems).Code);
    }

    [Fact]
    public void Registry_where_everyone_belongs_to_exactly_one_kk_is_valid()
    {
        var validation = Family.ValidateRegistry([Family], [TestResidents.Budi(), TestResidents.Siti()]);

        Assert.True(validation.IsValid);
    }

    [Fact]
    public void Registry_refuses_a_resident_on_two_cards_and_a_resident_without_card()
    {
        var otherKk = KkNumber.Compose("147201", new DateOnly(2015, 1, 1), 2);
        var unknownKk = KkNumber.Compose("147201", new DateOnly(2016, 1, 1), 3);
        var second = new Family(otherKk, TestResidents.Siti().Nik, "JL. LAIN", 1, 1, "1472011003");
        var stray = TestResidents.Siti() with
        {
            Nik = Nik.Compose("147201", new DateOnly(2010, 1, 1), Sex.Male, 1),
            Kk = unknownKk,
        };

        var validation = Family.ValidateRegistry(
            [Family, second, Family],
            [TestResidents.Budi(), TestResidents.Siti(), TestResidents.Siti(otherKk), stray]);

        var codes = validation.Problems.Select(p => p.Code).ToList();
        Assert.Contains(FamilyProblemCodes.DuplicateKk, codes);
        Assert.Contains(FamilyProblemCodes.DuplicateMember, codes);
        Assert.Contains(FamilyProblemCodes.KkUnknown, codes);
        Assert.Contains(FamilyProblemCodes.HeadMissing, codes);
    }
}
