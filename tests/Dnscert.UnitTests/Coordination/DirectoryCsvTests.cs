using CsCheck;
using Dnscert.Coordination.Stakeholders;

namespace Dnscert.UnitTests.Coordination;

public sealed class DirectoryCsvTests
{
    private static readonly string s_header = string.Join(",", DirectoryCsv.Header);

    [Fact]
    public void The_sample_directory_survives_csv_and_back_apart_from_openpgp_keys()
    {
        var directory = StakeholderDirectory.Sample();
        var again = DirectoryCsv.Read(DirectoryCsv.Write(directory));
        Assert.Equal(DirectoryJson.Write(directory), DirectoryJson.Write(again));
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks_and_errors_name_the_physical_line()
    {
        var csv = s_header + "\r\n"
            + "a,\"Alpha, \"\"the first\"\"\",registrar,,,,,,,,,,,,\r\n"
            + "b,Beta,registrar,\"beta.test;\nbeta.example\",,,,,,,,,,,\r\n"
            + "c,Gamma,bank,,,,,,,,,,,,\r\n";
        var e = Assert.Throws<DirectoryFormatException>(() => DirectoryCsv.Read(csv));
        Assert.StartsWith("line 5: type: 'bank'", e.Message, StringComparison.Ordinal);
        var ok = DirectoryCsv.Read(csv[..csv.IndexOf("c,Gamma", StringComparison.Ordinal)]);
        Assert.Equal("Alpha, \"the first\"", ok[0].Name);
        Assert.Equal(["beta.test", "beta.example"], ok[1].Constituency.DomainSuffixes);
    }

    [Theory]
    [InlineData("id,name\r\n", "line 1: the header must be exactly")]
    [InlineData("HEADER\r\na,A,registrar,,,,,,,,,,,\r\n", "line 2: 14 fields, expected 15")]
    [InlineData("HEADER\r\na,A,registrar,,,,x1,,,,,,,,\r\n", "line 2: asns: 'x1' is not an AS number")]
    [InlineData("HEADER\r\na,A,registrar,,,,,,,bob,,,,,\r\n", "line 2: contacts: 'bob' is not 'Name <e-mail>'")]
    [InlineData("HEADER\r\na,A,registrar,,,,,,,,,Europe/Paris,9-17,,\r\n", "line 2: working hours start: '9' is not a time")]
    [InlineData("HEADER\r\na,A,registrar,,,,,,,,,,,infra.lame-delegation=fix,\r\n", "line 2: capabilities: 'fix' is not one of")]
    [InlineData("HEADER\r\na,\"A,registrar,,,,,,,,,,,,\r\n", "line 2: a quoted field is not closed")]
    [InlineData("HEADER\r\na,A\"b,registrar,,,,,,,,,,,,\r\n", "line 2: a quote inside an unquoted field")]
    [InlineData("HEADER\r\na,A,registrar,,,,,,,,,,,,\r\na,B,rir,,,,,,,,,,,,\r\n", "line 3: id: 'a' is used twice")]
    public void Bad_rows_are_refused_with_the_line_and_field(string csv, string expected)
    {
        var e = Assert.Throws<DirectoryFormatException>(() => DirectoryCsv.Read(csv.Replace("HEADER", s_header, StringComparison.Ordinal)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arbitrary_text_either_parses_or_fails_with_a_directory_error()
    {
        var sample = DirectoryCsv.Write(StakeholderDirectory.Sample());
        Gen.OneOf(
                Gen.String,
                Gen.Char['\0', '\x7f'].Array[0, 400].Select(c => s_header + "\r\n" + new string(c)),
                Gen.Int[0, sample.Length - 1].Select(Gen.Char, (i, c) => sample[..i] + c + sample[(i + 1)..]),
                Gen.Int[0, sample.Length].Select(i => sample[..i]))
            .Sample(text =>
            {
                try
                {
                    DirectoryCsv.Read(text);
                }
                catch (DirectoryFormatException)
                {
                }
            });
    }

    [Fact]
    public void Any_valid_directory_written_as_csv_reads_back_the_same()
    {
        var name = Gen.String[Gen.Char.AlphaNumeric, 1, 20].Select(Gen.Char[" ,\"'é;<>"], Gen.String[Gen.Char.AlphaNumeric, 0, 5], (a, c, b) => a + c + b);
        var stakeholder = Gen.Select(
            Gen.Int[0, 9],
            name,
            Gen.String[Gen.Char['a', 'z'], 1, 10].Array[0, 3],
            Gen.Int[1, 65535].Array[0, 3],
            Gen.Enum<CapabilityFunctions>().Select(f => f & (CapabilityFunctions)31),
            (type, n, suffixes, asns, functions) => (type, n, suffixes, asns, functions));
        stakeholder.Array[1, 5].Sample(entries =>
        {
            var directory = entries.Select((e, i) => new Stakeholder(
                $"org-{i}", e.n, (StakeholderType)e.type,
                new Constituency([.. e.suffixes.Distinct()], [], [], e.asns, [], []),
                [new Contact(e.n.Replace("<", "", StringComparison.Ordinal).Replace(";", "", StringComparison.Ordinal).Trim() is { Length: > 0 } c ? c : "desk", "desk@example.org")],
                ["en"], null,
                e.functions == CapabilityFunctions.None ? new Dictionary<string, CapabilityFunctions>() : new Dictionary<string, CapabilityFunctions> { ["infra.lame-delegation"] = e.functions },
                [])).ToList();
            var again = DirectoryCsv.Read(DirectoryCsv.Write(directory));
            Assert.Equal(DirectoryJson.Write(directory.Select(s => s with { Name = s.Name.Trim() })), DirectoryJson.Write(again));
        });
    }
}
