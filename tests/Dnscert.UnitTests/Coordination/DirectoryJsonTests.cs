using CsCheck;
using Dnscert.Coordination.Stakeholders;

namespace Dnscert.UnitTests.Coordination;

public sealed class DirectoryJsonTests
{
    [Fact]
    public void The_sample_directory_has_the_lab_registry_french_and_spanish_certs_and_capability_gaps()
    {
        var directory = StakeholderDirectory.Sample();
        var registry = Assert.Single(directory, s => s.Type == StakeholderType.TldRegistry);
        Assert.Contains("test", registry.Constituency.DomainSuffixes);
        Assert.Contains(directory, s => s.Type == StakeholderType.NationalCert && s.Languages.Contains("fr"));
        Assert.Contains(directory, s => s.Type == StakeholderType.NationalCert && s.Languages.Contains("es"));
        Assert.DoesNotContain(directory, s => s.CapabilitiesFor("attack.dns-tunnelling").HasFlag(CapabilityFunctions.Mitigate));
        Assert.DoesNotContain(directory, s => s.CapabilitiesFor("attack.dga") != CapabilityFunctions.None);
    }

    [Fact]
    public void Writing_and_reading_gives_the_same_directory()
    {
        var directory = StakeholderDirectory.Sample();
        var again = DirectoryJson.Read(DirectoryJson.Write(directory));
        Assert.Equal(DirectoryJson.Write(directory), DirectoryJson.Write(again));
    }

    [Theory]
    [InlineData("{\"stakeholders\": [ {\"id\": \"a\", \"name\": \"A\", \"type\": \"registrar\"}, ]", "line 1")]
    [InlineData("{\"stakeholders\": [\n {\"id\": \"a\", \"name\": \"A\", \"type\": \"bank\"}]}", "stakeholder 1 (a): type: 'bank' is not one of")]
    [InlineData("{\"stakeholders\": [ {\"id\": \"a\", \"name\": \"A\", \"type\": \"registrar\", \"colour\": 1}]}", "could not be mapped")]
    [InlineData("{\"stakeholders\": [ {\"id\": \"A B\", \"name\": \"A\", \"type\": \"registrar\"}]}", "stakeholder 1 (A B): id:")]
    [InlineData("{\"stakeholders\": [ {\"id\": \"a\", \"name\": \"A\", \"type\": \"registrar\", \"constituency\": {\"ipPrefixes\": [\"192.0.2.1/24\"]}}]}", "IP prefixes: '192.0.2.1/24' is not a canonical CIDR prefix")]
    [InlineData("{\"stakeholders\": [ {\"id\": \"a\", \"name\": \"A\", \"type\": \"registrar\", \"capabilities\": {\"infra.lame-delegation\": [\"pray\"]}}]}", "'pray' for infra.lame-delegation")]
    [InlineData("{\"stakeholders\": [ {\"id\": \"a\", \"name\": \"A\", \"type\": \"registrar\"}, {\"id\": \"a\", \"name\": \"B\", \"type\": \"rir\"}]}", "stakeholder 2 (a): id: 'a' is used twice")]
    [InlineData("{\"stakeholders\": [ {\"id\": \"a\", \"name\": \"A\", \"type\": \"registrar\", \"amberConstituents\": [\"b\"]}]}", "AMBER constituents: 'b' is not in the directory")]
    [InlineData("{\"stakeholders\": [ {\"id\": \"a\", \"name\": \"A\", \"type\": \"registrar\", \"workingHours\": {\"timeZone\": \"Mars/Olympus\", \"start\": \"09:00\", \"end\": \"17:00\"}}]}", "time zone: 'Mars/Olympus'")]
    public void Bad_files_are_refused_with_a_message_naming_the_place(string json, string expected)
    {
        var e = Assert.Throws<DirectoryFormatException>(() => DirectoryJson.Read(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_and_oversized_files_are_refused()
    {
        Assert.Throws<DirectoryFormatException>(() => DirectoryJson.Read(new string('[', 100) + new string(']', 100)));
        Assert.Throws<DirectoryFormatException>(() => DirectoryJson.Read("{\"stakeholders\": [] }" + new string(' ', DirectoryLimits.MaxBytes)));
    }

    [Fact]
    public void Arbitrary_text_either_parses_or_fails_with_a_directory_error()
    {
        var sample = DirectoryJson.Write(StakeholderDirectory.Sample());
        Gen.OneOf(
                Gen.String,
                Gen.Int[0, sample.Length - 1].Select(Gen.Char, (i, c) => sample[..i] + c + sample[(i + 1)..]),
                Gen.Int[0, sample.Length].Select(i => sample[..i]))
            .Sample(text =>
            {
                try
                {
                    DirectoryJson.Read(text);
                }
                catch (DirectoryFormatException)
                {
                }
            });
    }
}
