using System.Text;
using CsCheck;
using Dnscert.Core.Statistics;
using Dnscert.Core;
using Dnscert.Reports.Gaps;
using Dnscert.Reports.Statistics;
using static Dnscert.UnitTests.Reports.ReportData;

namespace Dnscert.UnitTests.Reports;

public sealed class GapAnalysisTests
{
    private static StatisticsCalculator Statistics() => new(
        DailyAggregate.Rebuild(
        [
            Make("a.fr", "abuse.phishing", Severity.Critical, 0, 1),
            Make("b.fr", "abuse.phishing", Severity.Warning, 0, 1),
            Make("c.ke", "abuse.phishing", Severity.Notice, 0, 1),
            Make("d.de", "infra.lame-delegation", Severity.Error, 0, 1),
        ]).Cells,
        StatisticsPeriod.Create(Day(0), Day(9)));

    [Fact]
    public void Cells_with_observed_threats_and_no_capable_organisation_are_gaps_ranked_by_severity_weight()
    {
        Capability[] capabilities =
        [
            new("CERT-FR", "abuse.phishing", CapabilityFunction.Detect, ["europe"], ["fr"]),
            new("CERT-FR", "abuse.phishing", CapabilityFunction.Mitigate, ["europe"], ["fr"]),
            new("Global Registry", "abuse.phishing", CapabilityFunction.Coordinate, ["global"], ["en"]),
            new("DE-NIC", "infra.lame-delegation", CapabilityFunction.Detect, ["europe"], ["de"]),
        ];

        var cells = GapAnalysis.Analyse(Statistics(), capabilities);

        Assert.Equal(3, cells.Count);
        var phishingEurope = cells.Single(c => c.ThreatTypeId == "abuse.phishing" && c.Region == "europe");
        Assert.Equal(2, phishingEurope.Affected);
        Assert.Equal(8 + 2, phishingEurope.Weight);
        Assert.Equal(["CERT-FR"], phishingEurope.Capable[CapabilityFunction.Detect]);
        Assert.Equal(["Global Registry"], phishingEurope.Capable[CapabilityFunction.Coordinate]);
        Assert.Equal([CapabilityFunction.Analyse, CapabilityFunction.Train], phishingEurope.Missing);

        var phishingAfrica = cells.Single(c => c.Region == "africa");
        Assert.Equal([CapabilityFunction.Detect, CapabilityFunction.Analyse, CapabilityFunction.Mitigate, CapabilityFunction.Train], phishingAfrica.Missing);

        Assert.Equal("abuse.phishing", cells[0].ThreatTypeId);
        Assert.Equal("europe", cells[0].Region); // weight 10 before lame delegation (4) and Africa (1)
    }

    [Fact]
    public void A_language_of_the_affected_constituency_that_nobody_able_to_act_speaks_is_a_language_gap()
    {
        // Phishing in .fr (2) and .ke (1, Swahili and English); lame delegation in .de (German) and .ch (German, French, Italian).
        var statistics = new StatisticsCalculator(
            DailyAggregate.Rebuild(
            [
                Make("a.fr", "abuse.phishing", Severity.Critical, 0, 1),
                Make("b.fr", "abuse.phishing", Severity.Warning, 0, 1),
                Make("c.ke", "abuse.phishing", Severity.Notice, 0, 1),
                Make("d.de", "infra.lame-delegation", Severity.Error, 0, 1),
                Make("e.ch", "infra.lame-delegation", Severity.Error, 0, 1),
                Make("f.com", "infra.lame-delegation", Severity.Error, 0, 1),
            ]).Cells,
            StatisticsPeriod.Create(Day(0), Day(9)));
        Capability[] capabilities =
        [
            new("CERT-FR", "abuse.phishing", CapabilityFunction.Mitigate, ["europe"], ["fr", "en"]),
            new("Global Registry", "abuse.phishing", CapabilityFunction.Coordinate, ["global"], ["en"]),
            new("Registry FR", "infra.lame-delegation", CapabilityFunction.Mitigate, ["europe"], ["fr"]),
            // Speaks German but cannot act on lame delegations: it does not close the gap.
            new("DE-CERT", "abuse.phishing", CapabilityFunction.Detect, ["europe"], ["de"]),
        ];

        var cells = GapAnalysis.Analyse(statistics, capabilities);

        var lame = cells.Single(c => c.ThreatTypeId == "infra.lame-delegation" && c.Region == "europe");
        Assert.Equal(["de", "fr", "it"], lame.Languages.Select(l => l.Language));
        Assert.Equal(2, lame.Languages[0].Affected);
        Assert.Equal(["Registry FR"], lame.Languages.Single(l => l.Language == "fr").Speakers);
        Assert.Equal(["de", "it"], lame.MissingLanguages);
        Assert.True(lame.IsLanguageGap);

        var phishingEurope = cells.Single(c => c.ThreatTypeId == "abuse.phishing" && c.Region == "europe");
        Assert.Equal(["CERT-FR"], phishingEurope.Languages.Single().Speakers);
        Assert.Empty(phishingEurope.MissingLanguages);

        // Kenya: the global registry speaks English, nobody Swahili.
        var africa = cells.Single(c => c.Region == "africa");
        Assert.Equal(["sw"], africa.MissingLanguages);
        Assert.Equal(["Global Registry"], africa.Languages.Single(l => l.Language == "en").Speakers);

        // A generic TLD names no language, so .com never makes a language gap.
        var global = cells.Single(c => c.ThreatTypeId == "infra.lame-delegation" && c.Region == "global");
        Assert.Empty(global.Languages);
        Assert.False(global.IsLanguageGap);
    }

    [Fact]
    public void Every_country_code_TLD_with_a_region_names_at_least_one_two_letter_language()
    {
        foreach (var tld in new[] { "fr", "de", "ke", "br", "jp", "ca", "au", "ir", "ch", "uk" })
        {
            Assert.NotEqual(Regions.Unknown, Regions.RegionOf(tld));
            var languages = ConstituencyLanguages.Of(tld);
            Assert.NotEmpty(languages);
            Assert.All(languages, l => Assert.Matches("^[a-z]{2}$", l));
        }

        Assert.Empty(ConstituencyLanguages.Of("com"));
        Assert.Empty(ConstituencyLanguages.Of("test"));
    }

    [Fact]
    public void Full_coverage_leaves_no_gap()
    {
        var capabilities = Enum.GetValues<CapabilityFunction>()
            .SelectMany(f => new[] { "abuse.phishing", "infra.lame-delegation" }.Select(t => new Capability("Everyone", t, f, ["global"], [])))
            .ToList();

        Assert.All(GapAnalysis.Analyse(Statistics(), capabilities), c => Assert.False(c.IsGap));
    }

    [Fact]
    public void Capability_file_is_read_and_errors_name_the_entry_and_field()
    {
        var good = """[{"organisation":"CERT-FR","threat_type":"abuse.phishing","function":"detect","regions":["Europe"],"languages":["fr"]}]""";
        var parsed = Assert.Single(CapabilityFile.Parse(Encoding.UTF8.GetBytes(good), "caps.json"));
        Assert.Equal(new[] { "europe" }, parsed.Regions);
        Assert.Equal(CapabilityFunction.Detect, parsed.Function);

        var bad = """[{"organisation":"A","threat_type":"t","function":"detect"},{"organisation":"B","threat_type":"t","function":"hack"}]""";
        var error = Assert.Throws<DnscertException>(() => CapabilityFile.Parse(Encoding.UTF8.GetBytes(bad), "caps.json"));
        Assert.Contains("capability 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("'hack'", error.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<DnscertException>(() => CapabilityFile.Parse("""[{"threat_type":"t","function":"train"}]"""u8, "caps.json"));
        Assert.Contains("'organisation'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Capability_file_parser_never_fails_other_than_with_a_clear_error()
    {
        Gen.OneOf(
            Gen.String,
            Gen.Const("""[{"organisation":"A","threat_type":"t","function":"detect","regions":["x"]}]"""),
            Gen.Char["[]{}\":,adeinorstu 0123"].Array[0, 200].Select(c => new string(c)))
            .Sample(text =>
            {
                try
                {
                    CapabilityFile.Parse(Encoding.UTF8.GetBytes(text), "fuzz.json");
                }
                catch (DnscertException ex)
                {
                    Assert.StartsWith("fuzz.json", ex.Message, StringComparison.Ordinal);
                }
            });
    }
}
