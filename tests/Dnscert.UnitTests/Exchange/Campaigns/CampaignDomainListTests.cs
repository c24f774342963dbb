using CsCheck;
using Dnscert.Exchange;
using Dnscert.Exchange.Campaigns;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Exchange.Campaigns;

public sealed class CampaignDomainListTests
{
    private static readonly SuffixRegistryMap s_registries = new(new Dictionary<string, string> { ["test"] = "registry-test" });

    [Fact]
    public void Comments_and_blank_lines_are_skipped_but_keep_the_line_numbers_of_the_file()
    {
        var lines = CampaignDomainList.Read("# week 48\r\na.test\r\n\r\n  b.test  \r\nbad name\n", "dga.txt");
        var plan = Campaign.Plan("x", lines, s_registries, new FakeTimeProvider());
        Assert.Equal(["a.test", "b.test"], plan.Parties.Single().Domains);
        Assert.Equal("line 5", Assert.Single(plan.Rejected).Location);
    }

    [Fact]
    public void A_list_beyond_its_limits_is_refused_with_the_source_and_line()
    {
        var e = Assert.Throws<ExchangeFormatException>(() => CampaignDomainList.Read("a.test\n" + new string('x', CampaignDomainList.MaxLineLength + 1), "dga.txt"));
        Assert.Equal($"dga.txt line 2: a line of {CampaignDomainList.MaxLineLength + 1} characters (at most {CampaignDomainList.MaxLineLength}).", e.Message);
        var many = string.Join('\n', Enumerable.Range(0, Campaign.MaxDomains + 1).Select(i => $"d{i}.test"));
        Assert.Contains($"line {Campaign.MaxDomains + 1}: more than {Campaign.MaxDomains} domain names", Assert.Throws<ExchangeFormatException>(() => CampaignDomainList.Read(many, "big.txt")).Message, StringComparison.Ordinal);
        Assert.Contains("larger than", Assert.Throws<ExchangeFormatException>(() => CampaignDomainList.Read(new string('a', CampaignDomainList.MaxBytes + 1), "huge.txt")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_the_limit_of_names_is_accepted_whatever_the_comments_and_blank_lines_around_them()
    {
        var text = "# header\n\n" + string.Join('\n', Enumerable.Range(0, Campaign.MaxDomains).Select(i => $"d{i}.test")) + "\n# end\n";
        var plan = Campaign.Plan("limit", CampaignDomainList.Read(text, "limit.txt"), s_registries, new FakeTimeProvider());
        Assert.Equal(Campaign.MaxDomains, plan.InputCount);
        Assert.Equal(Campaign.MaxDomains, plan.Parties.Single().Domains.Count);
        var e = Assert.Throws<ExchangeFormatException>(() => Campaign.Plan("over", [.. Enumerable.Range(0, Campaign.MaxDomains + 1).Select(i => $"d{i}.test")], s_registries, new FakeTimeProvider()));
        Assert.Equal($"campaign over line {Campaign.MaxDomains + 1}: more than {Campaign.MaxDomains} domains.", e.Message);
    }

    [Fact]
    public void Any_text_is_read_or_refused_with_a_format_error_and_every_name_is_accounted_for()
    {
        var line = Gen.OneOf(Gen.String[Gen.Char.AlphaNumeric, 0, 70], Gen.String, Gen.Const("dup.test"), Gen.Const("# note"), Gen.Int[0, 3].Select(n => new string('-', n) + "x.test"));
        Gen.Select(line.List[0, 60], Gen.OneOf(Gen.Const("\n"), Gen.Const("\r\n"))).Sample(
            (lines, newline) =>
            {
                IReadOnlyList<string> read;
                var text = string.Join(newline, lines);
                try
                {
                    read = CampaignDomainList.Read(text, "prop");
                }
                catch (ExchangeFormatException)
                {
                    return true;
                }

                var plan = Campaign.Plan("prop", read, s_registries, new FakeTimeProvider());
                var accounted = plan.Parties.Sum(p => p.Domains.Count) + plan.Unrouted.Count + plan.Rejected.Count + plan.Duplicates.Count;
                return read.Count == text.Split('\n').Length && accounted == plan.InputCount && plan.Parties.All(p => p.Domains.Distinct().Count() == p.Domains.Count);
            },
            iter: 2000);
    }
}
