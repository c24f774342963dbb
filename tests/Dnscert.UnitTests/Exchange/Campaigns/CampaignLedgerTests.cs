using Dnscert.Core.Store;
using Dnscert.Exchange.Campaigns;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Exchange.Campaigns;

public sealed class CampaignLedgerTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private static readonly SuffixRegistryMap s_registries = new(new Dictionary<string, string> { ["fr"] = "registry-fr", ["es"] = "registry-es", ["test"] = "registry-test" });

    private static StoredCampaign NewCampaign(FakeTimeProvider time) =>
        CampaignLedger.Create(
            Campaign.Plan("DGA X", ["a.fr", "b.fr", "A.FR.", "c.es", "x.test", "nowhere.zz", "bad..name", "", "c.es"], s_registries, time),
            Tlp.Amber,
            "alice",
            time.GetUtcNow().AddDays(2),
            time.GetUtcNow().AddDays(7));

    [Fact]
    public void A_new_campaign_keeps_what_went_nowhere_and_counts_it_in_its_first_event()
    {
        var c = NewCampaign(new FakeTimeProvider(s_t0));
        Assert.Equal(8, c.InputCount);
        Assert.Equal(["registry-es", "registry-fr", "registry-test"], c.Parties.Select(p => p.StakeholderId));
        Assert.Equal(["a.fr", "b.fr"], c.Parties.Single(p => p.StakeholderId == "registry-fr").Domains);
        Assert.All(c.Parties, p => Assert.Equal(CampaignPartyState.Pending, p.State));
        Assert.Equal(["nowhere.zz"], c.Unrouted);
        Assert.Equal(["line 7: domain name 'bad..name' has a label of 0 characters (1 to 63 allowed)"], c.Rejected);
        Assert.Equal(["line 3: a.fr was given before", "line 9: c.es was given before"], c.Duplicates);
        var created = Assert.Single(c.Events);
        Assert.Equal("created with 8 name(s): 4 for 3 registries, 1 without a known registry, 1 rejected, 2 duplicate(s)", created.Text);
    }

    [Fact]
    public void A_party_moves_from_pending_to_notified_to_acknowledged_to_completed_and_repeats_change_nothing()
    {
        var time = new FakeTimeProvider(s_t0);
        var c = NewCampaign(time);
        Assert.Throws<CampaignTransitionException>(() => CampaignLedger.Acknowledge(c, "registry-fr", s_t0, "x", "by hand"));
        Assert.Throws<CampaignTransitionException>(() => CampaignLedger.Complete(c, "registry-fr", s_t0, "x", "by hand"));
        Assert.Throws<CampaignTransitionException>(() => CampaignLedger.MarkNotified(c, "registry-xx", s_t0, "x"));

        c = CampaignLedger.MarkNotified(c, "registry-fr", s_t0.AddMinutes(1), "system");
        Assert.Throws<CampaignTransitionException>(() => CampaignLedger.MarkNotified(c, "registry-fr", s_t0.AddMinutes(2), "system"));
        var (acked, changed) = CampaignLedger.Acknowledge(c, "registry-fr", s_t0.AddHours(5), "ack:registry-fr", "through the link");
        Assert.True(changed);
        var (again, changedAgain) = CampaignLedger.Acknowledge(acked, "registry-fr", s_t0.AddHours(6), "ack:registry-fr", "through the link");
        Assert.False(changedAgain);
        Assert.Same(acked, again);
        var (done, _) = CampaignLedger.Complete(acked, "registry-fr", s_t0.AddDays(1), "bob", "by phone");
        var party = done.Parties.Single(p => p.StakeholderId == "registry-fr");
        Assert.Equal(CampaignPartyState.Completed, party.State);
        Assert.Equal(TimeSpan.FromHours(5) - TimeSpan.FromMinutes(1), party.TimeToAcknowledge);
        Assert.Equal(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1), party.TimeToComplete);
        Assert.Equal(["created", "sent", "acknowledged", "completed"], done.Events.Select(e => e.Kind.ToString().ToLowerInvariant()));
        Assert.Equal("completed by registry-fr by phone", done.Events[^1].Text);
    }

    [Fact]
    public void Completing_a_notified_share_records_its_acknowledgement_at_the_same_time()
    {
        var time = new FakeTimeProvider(s_t0);
        var c = CampaignLedger.MarkNotified(NewCampaign(time), "registry-es", s_t0, "system");
        var (done, _) = CampaignLedger.Complete(c, "registry-es", s_t0.AddHours(3), "bob", "by phone");
        var party = done.Parties.Single(p => p.StakeholderId == "registry-es");
        Assert.Equal(s_t0.AddHours(3), party.AcknowledgedAt);
        Assert.Equal(s_t0.AddHours(3), party.CompletedAt);
    }

    [Fact]
    public void Overdue_parties_are_reminded_with_a_back_off_that_doubles_up_to_its_cap()
    {
        var time = new FakeTimeProvider(s_t0);
        var c = NewCampaign(time);
        foreach (var id in new[] { "registry-es", "registry-fr", "registry-test" })
        {
            c = CampaignLedger.MarkNotified(c, id, s_t0, "system");
        }

        c = CampaignLedger.Acknowledge(c, "registry-fr", s_t0.AddHours(1), "x", "").Campaign;
        c = CampaignLedger.Complete(c, "registry-test", s_t0.AddHours(1), "x", "").Campaign;
        var interval = TimeSpan.FromDays(1);
        var cap = TimeSpan.FromDays(3);

        // Before the acknowledgement is due nobody is overdue.
        Assert.Empty(CampaignLedger.DueReminders(c, s_t0.AddDays(2), interval, cap));

        // After it, only es (never acknowledged); fr acknowledged and is not late until completion is due.
        var now = s_t0.AddDays(2).AddMinutes(1);
        Assert.Equal(["registry-es"], CampaignLedger.DueReminders(c, now, interval, cap).Select(p => p.StakeholderId));
        var sentAt = new List<DateTimeOffset>();
        for (var step = now; step < s_t0.AddDays(30); step += TimeSpan.FromHours(1))
        {
            foreach (var p in CampaignLedger.DueReminders(c, step, interval, cap))
            {
                c = CampaignLedger.MarkReminded(c, p.StakeholderId, step, "system");
                if (p.StakeholderId == "registry-es")
                {
                    sentAt.Add(step);
                }
            }
        }

        var gaps = sentAt.Zip(sentAt.Skip(1), (a, b) => (b - a).TotalDays).ToList();
        Assert.Equal([1, 2, 3, 3, 3], gaps.Take(5));
        // fr is late only once completion is due (day 7): reminded on days 7, 8, 10, 13, … 28.
        Assert.Equal(9, c.Parties.Single(p => p.StakeholderId == "registry-fr").Reminders);
        Assert.Equal(0, c.Parties.Single(p => p.StakeholderId == "registry-test").Reminders);
        Assert.Throws<CampaignTransitionException>(() => CampaignLedger.MarkReminded(c, "registry-test", now, "system"));
    }

    [Fact]
    public void The_lists_of_names_kept_with_a_campaign_are_bounded_and_say_how_many_more()
    {
        var names = Enumerable.Range(0, CampaignLedger.MaxKeptProblems + 5).Select(i => $"n{i}.zz").Append("a.fr");
        var c = CampaignLedger.Create(Campaign.Plan("big", names, s_registries, new FakeTimeProvider(s_t0)), Tlp.Green, "alice", s_t0.AddDays(1), s_t0.AddDays(2));
        Assert.Equal(CampaignLedger.MaxKeptProblems + 1, c.Unrouted.Count);
        Assert.Equal("… and 5 more", c.Unrouted[^1]);
        Assert.Throws<CampaignTransitionException>(() => CampaignLedger.Create(Campaign.Plan("late", ["a.fr"], s_registries, new FakeTimeProvider(s_t0)), Tlp.Green, "alice", s_t0.AddDays(3), s_t0.AddDays(2)));
    }
}
