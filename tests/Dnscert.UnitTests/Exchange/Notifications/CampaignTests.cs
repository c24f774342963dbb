using Dnscert.Exchange.Campaigns;
using Dnscert.Exchange.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Exchange.Notifications;

public sealed class CampaignTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SuffixRegistryMap s_registries = new(new Dictionary<string, string>
    {
        ["fr"] = "registry-fr",
        ["es"] = "registry-es",
        ["co.uk"] = "registry-uk",
        ["uk"] = "registry-uk-root",
    });

    private static readonly string[] s_dga = ["qzkx1.fr", "QZKX2.FR.", "qzkx1.fr", "wpl9.es", "abc.co.uk", "abc.uk", "nowhere.zz", "bad..name", ""];

    [Fact]
    public void Domains_are_split_per_registry_by_longest_suffix_deduplicated_and_checked()
    {
        var campaign = Campaign.Plan("DGA family X, week 48", s_dga, s_registries, new FakeTimeProvider());
        Assert.Equal(
            [("registry-es", "wpl9.es"), ("registry-fr", "qzkx1.fr,qzkx2.fr"), ("registry-uk", "abc.co.uk"), ("registry-uk-root", "abc.uk")],
            campaign.Parties.Select(p => (p.StakeholderId, string.Join(",", p.Domains))));
        Assert.Equal(["nowhere.zz"], campaign.Unrouted);
        Assert.Equal("line 8", Assert.Single(campaign.Rejected).Location);
    }

    [Fact]
    public async Task Each_party_gets_its_share_then_overdue_parties_get_a_reminder_and_times_are_measured()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var outbox = new InMemoryOutboxRepository();
        var tokens = new AcknowledgementToken(new byte[32], time);
        var dispatcher = new CampaignDispatcher(new Notifier(outbox, time), tokens, time, "https://dnscert.test/ack");
        var campaign = Campaign.Plan("DGA family X", s_dga, s_registries, time);
        Recipient? Lookup(string id) => id == "registry-uk-root" ? null : new Recipient(id, id, NotificationChannel.Email, $"noc@{id}.example", id.EndsWith("fr", StringComparison.Ordinal) ? "fr" : "en");

        Assert.Equal(["registry-uk-root"], await dispatcher.SendAsync(campaign, Lookup, TimeSpan.FromDays(30), Ct));
        var sent = outbox.All();
        Assert.Equal(3, sent.Count);
        var french = sent.Single(m => m.StakeholderId == "registry-fr");
        Assert.Contains("qzkx1.fr, qzkx2.fr", french.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("wpl9.es", french.Body, StringComparison.Ordinal);
        var link = french.Body.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("https://dnscert.test/ack/", StringComparison.Ordinal));
        Assert.True(tokens.TryRead(link["https://dnscert.test/ack/".Length..], out var claim, out _));
        Assert.Equal((campaign.Id, "registry-fr"), (claim.IncidentId, claim.StakeholderId));

        time.Advance(TimeSpan.FromHours(5));
        campaign.Acknowledge("registry-fr", time.GetUtcNow());
        time.Advance(TimeSpan.FromHours(20));
        // es and uk never acknowledged within a day: reminded; fr acknowledged and has 3 days to complete.
        Assert.Equal(2, await dispatcher.RemindAsync(campaign, Lookup, TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(30), Ct));
        Assert.Contains(outbox.All(), m => m.StakeholderId == "registry-es" && m.Subject.Contains("Reminder: DGA family X", StringComparison.Ordinal));
        Assert.Equal(0, await dispatcher.RemindAsync(campaign, Lookup, TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(30), Ct));

        time.Advance(TimeSpan.FromHours(23));
        campaign.Complete("registry-fr", time.GetUtcNow());
        var fr = campaign.Party("registry-fr");
        Assert.Equal(TimeSpan.FromHours(5), fr.TimeToAcknowledge);
        Assert.Equal(TimeSpan.FromHours(48), fr.TimeToMitigate);
        Assert.Null(campaign.Party("registry-es").TimeToAcknowledge);
        Assert.Throws<InvalidOperationException>(() => campaign.Acknowledge("registry-uk-root", time.GetUtcNow()));
    }
}
