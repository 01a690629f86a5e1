using Ektp.Core.Changes;
using Ektp.Core.Identity;
using Ektp.Core.Residents;

namespace Ektp.Core.Tests.Changes;

public class ChangeRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(7));

    [Theory]
    [InlineData(ResidentField.Nik)]
    [InlineData(ResidentField.BirthPlace)]
    [InlineData(ResidentField.BirthDate)]
    [InlineData(ResidentField.BloodType)]
    public void Nik_place_and_date_of_birth_and_blood_type_never_change(ResidentField field)
    {
        var outcome = ChangeRules.Check(new ChangeRequest(field, "X", "PN DUMAI 12/2026", "AKTA 1"));

        Assert.False(outcome.IsAllowed);
        Assert.Equal(ChangeCodes.ImmutableField, outcome.Code);
        Assert.Contains("never changes", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ResidentField.Name, "SITI AMINAH")]
    [InlineData(ResidentField.Sex, "L")]
    [InlineData(ResidentField.Religion, "KRISTEN")]
    public void Name_sex_and_religion_need_a_court_decision(ResidentField field, string value)
    {
        var withoutCourt = ChangeRules.Check(new ChangeRequest(field, value, null, "SURAT RT"));
        var blankCourt = ChangeRules.Check(new ChangeRequest(field, value, "  ", null));
        var withCourt = ChangeRules.Check(new ChangeRequest(field, value, "PN DUMAI 12/PDT.P/2026", null));

        Assert.Equal(ChangeCodes.NeedsCourtDecision, withoutCourt.Code);
        Assert.Equal(ChangeCodes.NeedsCourtDecision, blankCourt.Code);
        Assert.True(withCourt.IsAllowed);
        Assert.Null(withCourt.Code);
    }

    [Theory]
    [InlineData(ResidentField.MaritalStatus, "CERAI HIDUP")]
    [InlineData(ResidentField.Occupation, "PEDAGANG")]
    [InlineData(ResidentField.Education, "DIPLOMA IV/STRATA I")]
    [InlineData(ResidentField.Address, "JL. PATTIMURA NO. 3")]
    public void Marital_status_occupation_education_and_address_need_a_document(ResidentField field, string value)
    {
        var without = ChangeRules.Check(new ChangeRequest(field, value, null, null));
        var with = ChangeRules.Check(new ChangeRequest(field, value, null, "AKTA CERAI 1/2026"));

        Assert.Equal(ChangeCodes.NeedsDocument, without.Code);
        Assert.True(with.IsAllowed);
    }

    [Theory]
    [InlineData(ResidentField.Sex, "X")]
    [InlineData(ResidentField.Religion, "JEDI")]
    [InlineData(ResidentField.MaritalStatus, "SIRI")]
    [InlineData(ResidentField.Education, "TK")]
    [InlineData(ResidentField.Name, "   ")]
    [InlineData(ResidentField.Name, "12345")]
    [InlineData(ResidentField.Address, "")]
    public void Invalid_new_values_are_refused(ResidentField field, string value)
    {
        var outcome = ChangeRules.Check(new ChangeRequest(field, value, "PN 1", "DOC 1"));

        Assert.Equal(ChangeCodes.InvalidValue, outcome.Code);
        Assert.NotEmpty(outcome.Reason!);
    }

    [Fact]
    public void Overlong_text_is_refused()
    {
        var outcome = ChangeRules.Check(new ChangeRequest(ResidentField.Occupation, new string('A', 201), null, "D"));

        Assert.Equal(ChangeCodes.InvalidValue, outcome.Code);
    }

    [Fact]
    public void Applied_change_returns_the_new_resident_and_the_history_record()
    {
        var siti = TestResidents.Siti();

        var outcome = ChangeRules.Apply(
            siti, new ChangeRequest(ResidentField.Education, "diploma iv/strata i", null, " IJAZAH 77 "), At, "op-1");

        Assert.True(outcome.IsAllowed);
        Assert.Equal(Education.Diploma4OrStrata1, outcome.Resident?.Education);
        Assert.Equal(siti with { Education = Education.Diploma4OrStrata1 }, outcome.Resident);
        Assert.Equal(
            new ChangeRecord(ResidentField.Education, "SLTA/SEDERAJAT", "DIPLOMA IV/STRATA I", null, "IJAZAH 77", At,
                "op-1"),
            outcome.Record);
        Assert.Equal(Education.Slta, siti.Education);
    }

    [Fact]
    public void Sex_change_by_court_decision_keeps_the_nik()
    {
        var siti = TestResidents.Siti();

        var request = new ChangeRequest(ResidentField.Sex, "L", "PN DUMAI 3/2026", null);

        var outcome = ChangeRules.Apply(siti, request, At, "op");

        Assert.Equal(Sex.Male, outcome.Resident?.Sex);
        Assert.Equal(siti.Nik, outcome.Resident?.Nik);
        Assert.Equal("PEREMPUAN", outcome.Record?.OldValue);
        Assert.Equal("LAKI-LAKI", outcome.Record?.NewValue);
        Assert.Equal("PN DUMAI 3/2026", outcome.Record?.CourtDecisionReference);
    }

    [Theory]
    [InlineData(ResidentField.Name, "siti  rahayu", "SITI RAHAYU")]
    [InlineData(ResidentField.Religion, "islam", "ISLAM")]
    public void Name_and_religion_changes_apply_normalized(ResidentField field, string value, string stored)
    {
        var budi = TestResidents.Budi();

        var outcome = ChangeRules.Apply(budi, new ChangeRequest(field, value, "PN 1", null), At, "op");

        Assert.True(outcome.IsAllowed || outcome.Code == ChangeCodes.NoChange);
        if (outcome.IsAllowed)
        {
            Assert.Equal(stored, outcome.Record?.NewValue);
        }
    }

    [Fact]
    public void Same_value_is_refused_as_no_change()
    {
        var outcome = ChangeRules.Apply(
            TestResidents.Siti(), new ChangeRequest(ResidentField.Religion, "ISLAM", "PN 1", null), At, "op");

        Assert.Equal(ChangeCodes.NoChange, outcome.Code);
        Assert.Null(outcome.Resident);
    }

    [Fact]
    public void Married_resident_cannot_become_never_married()
    {
        var outcome = ChangeRules.Apply(
            TestResidents.Siti(), new ChangeRequest(ResidentField.MaritalStatus, "BELUM KAWIN", null, "X"), At, "op");

        Assert.Equal(ChangeCodes.InvalidValue, outcome.Code);
    }

    [Fact]
    public void Refused_apply_returns_the_check_refusal()
    {
        var outcome = ChangeRules.Apply(
            TestResidents.Siti(), new ChangeRequest(ResidentField.BirthDate, "01-01-1990", null, null), At, "op");

        Assert.Equal(ChangeCodes.ImmutableField, outcome.Code);
        Assert.Null(outcome.Record);
    }

    [Fact]
    public void History_is_built_by_appending_records()
    {
        var resident = TestResidents.Siti();
        var history = new List<ChangeRecord>();
        foreach (var request in new[]
        {
            new ChangeRequest(ResidentField.Occupation, "PEDAGANG", null, "SK 1"),
            new ChangeRequest(ResidentField.Occupation, "WIRASWASTA", null, "SK 2"),
            new ChangeRequest(ResidentField.MaritalStatus, "CERAI HIDUP", null, "AKTA 3"),
        })
        {
            var outcome = ChangeRules.Apply(resident, request, At, "op");
            resident = outcome.Resident!;
            history.Add(outcome.Record!);
        }

        Assert.Equal(["MENGURUS RUMAH TANGGA", "PEDAGANG", "KAWIN"], history.Select(h => h.OldValue));
        Assert.Equal("WIRASWASTA", resident.Occupation);
        Assert.Equal(MaritalStatus.CeraiHidup, resident.MaritalStatus);
    }

    [Fact]
    public void Every_field_has_a_requirement_and_a_current_text()
    {
        var siti = TestResidents.Siti();
        Assert.All(Enum.GetValues<ResidentField>(), f => Assert.NotEmpty(ChangeRules.CurrentText(siti, f)));
        Assert.Equal("05-03-1990", ChangeRules.CurrentText(siti, ResidentField.BirthDate));
        Assert.Equal(ChangeRequirement.Never, ChangeRules.RequirementOf(ResidentField.BloodType));
    }

    [Fact]
    public void Operator_is_required()
    {
        Assert.ThrowsAny<ArgumentException>(() => ChangeRules.Apply(
            TestResidents.Siti(), new ChangeRequest(ResidentField.Occupation, "PEDAGANG", null, "SK"), At, " "));
    }
}
