using Dnscert.Checks;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Messages;
using Dnscert.Core;

namespace Dnscert.UnitTests.Checks.Engine;

public sealed class CheckProfileTests
{
    [Fact]
    public void A_profile_changes_the_severity_of_the_tags_it_names_and_disables_checks()
    {
        var profile = CheckProfile.Parse("""{ "severity": { "A01_LOCAL_USE_ADDR": "notice" }, "disable": ["ZONE09"] }""", "test");
        var tag = CheckCatalog.All.SelectMany(c => c.Tags).Single(t => t.Name == "A01_LOCAL_USE_ADDR");
        var message = new CheckMessage("ADDRESS01", "Address", tag, new Dictionary<string, string>(), []);
        Assert.Equal(Severity.Error, message.Severity);
        Assert.Equal(Severity.Notice, profile.Apply(message).Severity);
        Assert.DoesNotContain(profile.Enabled(CheckCatalog.All), c => c.Id == "ZONE09");
        Assert.Equal(CheckCatalog.All.Count - 1, profile.Enabled(CheckCatalog.All).Count());
    }

    [Theory]
    [InlineData("""{ "severity": { "NOT_A_TAG": "info" } }""", "NOT_A_TAG")]
    [InlineData("""{ "severity": { "A01_LOCAL_USE_ADDR": "loud" } }""", "must be one of")]
    [InlineData("""{ "disable": ["NOPE01"] }""", "NOPE01")]
    [InlineData("""{ "severities": {} }""", "severities")]
    [InlineData("""[1, 2]""", "top level")]
    [InlineData("""{ "severity": """, "not valid JSON")]
    public void A_wrong_profile_is_refused_with_a_message_naming_the_problem(string json, string expected)
    {
        var ex = Assert.Throws<DnscertException>(() => CheckProfile.Parse(json, "p.json"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("p.json", ex.Message, StringComparison.Ordinal);
    }
}
