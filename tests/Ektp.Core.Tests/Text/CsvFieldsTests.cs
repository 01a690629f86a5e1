using Ektp.Core.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Ektp.Core.Tests.Text;

public class CsvFieldsTests
{
    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("a,,c,", new[] { "a", "", "c", "" })]
    [InlineData("\"a,b\",\"say \"\"hi\"\"\"", new[] { "a,b", "say \"hi\"" })]
    [InlineData("\"line\nbreak\",x", new[] { "line\nbreak", "x" })]
    [InlineData("", new[] { "" })]
    public void Fields_are_split_by_RFC_4180(string line, string[] fields)
    {
        var result = new List<string>();

        Assert.True(CsvFields.TrySplit(line, result));
        Assert.Equal(fields, result);
    }

    [Theory]
    [InlineData("\"open")]
    [InlineData("\"closed\"x,y")]
    public void Broken_quoting_is_refused(string line)
    {
        Assert.False(CsvFields.TrySplit(line, []));
    }

    [Property]
    public Property Quoted_fields_split_back_to_themselves()
    {
        var field = Gen.Elements("a", "B", ",", "\"", "\n", "\r", " ", "é", "1").ListOf()
            .Select(parts => string.Concat(parts));
        return Prop.ForAll(
            field.NonEmptyListOf().ToArbitrary(),
            fields =>
            {
                var line = string.Join(',', fields.Select(CsvFields.Quote));
                var back = new List<string>();
                return CsvFields.TrySplit(line, back) && back.SequenceEqual(fields);
            });
    }
}
