using Dnscert.Core.Store;
using Dnscert.Exchange.Notifications;
using Dnscert.Store;
using Dnscert.Web.Campaigns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.IntegrationTests.Campaigns;

/// <summary>
/// The reminder worker of serve on a real SQLite store, driven by a fake clock: a party that does not acknowledge in
/// time gets a reminder, then further ones after a back-off that doubles; a party that answered gets none; the times to
/// acknowledge and to complete come out per stakeholder.
/// </summary>
public sealed class CampaignReminderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("dnscert-campaign-remind-").FullName;
    private readonly FakeTimeProvider _time = new(s_t0);
    private DnscertStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = _directory }, _time, cancellationToken: Ct);
        await CampaignDirectory.ImportAsync(_store.Stakeholders, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Overdue_parties_are_reminded_with_back_off_and_answers_are_timed_per_stakeholder()
    {
        var outbox = new InMemoryOutboxRepository();
        var options = new CampaignOptions { AcknowledgeWithin = TimeSpan.FromDays(1), ReminderInterval = TimeSpan.FromHours(12), MaxReminderInterval = TimeSpan.FromDays(2), ReminderPoll = TimeSpan.FromHours(1) };
        var service = new CampaignService(_store, new Notifier(outbox, _time), new AcknowledgementToken(new byte[32], _time), _time, options);
        var created = await service.CreateAsync("carol", "DGA Y", CampaignDirectory.Domains("r-"), "dga.txt", Tlp.Amber, TimeSpan.FromDays(10), Ct);
        var id = created.Campaign.Id;
        Assert.Equal(2, outbox.All().Count);

        using var worker = new CampaignReminderWorker(service, _time, NullLogger<CampaignReminderWorker>.Instance);
        await worker.StartAsync(Ct);
        try
        {
            async Task HoursAsync(int hours)
            {
                for (var h = 0; h < hours; h++)
                {
                    var rounds = worker.Rounds;
                    _time.Advance(TimeSpan.FromHours(1));
                    for (var wait = 0; worker.Rounds == rounds && wait < 500; wait++)
                    {
                        await Task.Delay(10, Ct);
                    }

                    Assert.True(worker.Rounds > rounds, $"the worker did not run a round after its poll interval (hour {h}): {worker.ExecuteTask?.Exception}");
                }
            }

            // The French registry acknowledges after 5 hours; the English one never answers.
            await HoursAsync(5);
            await service.AcknowledgeAsync(Viewer.System, id, CampaignDirectory.FrenchRegistry, "ack:registry-cotest", "through the link", Ct);
            await HoursAsync(19);
            Assert.Equal(2, outbox.All().Count); // nobody is late yet: the acknowledgement is due after one day

            await HoursAsync(1);
            var reminders = outbox.All().Skip(2).ToList();
            var first = Assert.Single(reminders);
            Assert.Equal("registry-test", first.StakeholderId);
            Assert.StartsWith("[TLP:AMBER] Reminder: dnscert campaign DGA Y", first.Subject, StringComparison.Ordinal);

            // Back-off: the next reminders come 12 h, then 24 h, then 48 h (the cap) after the previous one.
            await HoursAsync(12 + 24 + 48 + 48);
            var sent = outbox.All().Skip(2).Select(m => m.CreatedAt).ToList();
            Assert.Equal([12.0, 24.0, 48.0, 48.0], sent.Zip(sent.Skip(1), (a, b) => (b - a).TotalHours));
            Assert.All(outbox.All().Skip(2), m => Assert.Equal("registry-test", m.StakeholderId));

            var campaign = (await service.GetAsync(Viewer.System, id, Ct))!;
            Assert.Equal(5, campaign.Parties.Single(p => p.StakeholderId == "registry-test").Reminders);
            Assert.Equal(5, campaign.Events.Count(e => e.Kind == CampaignEventKind.Reminder));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        await service.CompleteAsync(Viewer.System, id, "registry-test", "bob", "by phone", Ct);
        var timings = await service.TimingsAsync(Viewer.System, Ct);
        var french = timings.Single(t => t.StakeholderId == CampaignDirectory.FrenchRegistry);
        Assert.Equal((1, 0, TimeSpan.FromHours(5)), (french.Acknowledged, french.Completed, french.MedianToAcknowledge!.Value));
        var english = timings.Single(t => t.StakeholderId == "registry-test");
        Assert.Equal(TimeSpan.FromHours(157), english.P90ToComplete);
    }
}
