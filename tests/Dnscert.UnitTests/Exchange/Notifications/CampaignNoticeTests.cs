using Dnscert.Core.Store;
using Dnscert.Exchange.Email;
using Dnscert.Exchange.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Exchange.Notifications;

public sealed class CampaignNoticeTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid s_campaign = new("0193b000-0000-7000-8000-0000000000c1");

    private static CampaignNotice Notice(int count, bool reminder = false) => new(
        s_campaign, "DGA X", Tlp.Amber, [.. Enumerable.Range(0, count).Select(i => $"d{i}.test")], s_t0.AddDays(2), s_t0.AddDays(7), "https://dnscert.test/ack/campaign/A", "https://dnscert.test/ack/campaign/C", reminder);

    [Theory]
    [InlineData("fr", "[TLP:AMBER] campagne dnscert : DGA X (3 domaine(s))", "Merci d'accuser réception avant le 2026-11-30 09:00 UTC")]
    [InlineData("es-MX", "[TLP:AMBER] campaña dnscert: DGA X (3 dominio(s))", "Por favor, confirme la recepción antes del 2026-11-30 09:00 UTC")]
    [InlineData("de", "[TLP:AMBER] dnscert campaign: DGA X (3 domain(s))", "Please acknowledge receipt by 2026-11-30 09:00 UTC")]
    public async Task A_campaign_message_speaks_the_party_s_language_and_carries_its_share_as_csv(string language, string subject, string line)
    {
        var outbox = new InMemoryOutboxRepository();
        var notifier = new Notifier(outbox, new FakeTimeProvider(s_t0));
        var message = await notifier.NotifyCampaignAsync(new Recipient("registry-test", "Test Registry", NotificationChannel.Email, "sec@registry.example", language), Notice(3), TestContext.Current.CancellationToken);
        Assert.Same(message, Assert.Single(outbox.All()));
        Assert.Equal(subject, message.Subject);
        Assert.StartsWith("TLP:AMBER", message.Body, StringComparison.Ordinal);
        Assert.Contains(line, message.Body, StringComparison.Ordinal);
        Assert.Contains("https://dnscert.test/ack/campaign/A", message.Body, StringComparison.Ordinal);
        Assert.Contains("https://dnscert.test/ack/campaign/C", message.Body, StringComparison.Ordinal);
        Assert.Equal(s_campaign, message.CampaignId);
        Assert.Empty(message.IncidentIds);
        var csv = Assert.Single(message.Attachments);
        Assert.Equal(("text/csv", $"campaign-{s_campaign:N}-registry-test.csv"), (csv.MediaType, csv.FileName));
        Assert.Equal("domain\r\nd0.test\r\nd1.test\r\nd2.test\r\n", csv.Content);
    }

    [Fact]
    public void A_long_share_is_cut_in_the_body_but_whole_in_the_attachment_and_a_reminder_says_so()
    {
        var recipient = new Recipient("registry-test", "Test Registry", NotificationChannel.Email, "sec@registry.example", "en");
        var (subject, body) = CampaignTemplates.Render(recipient, Notice(CampaignTemplates.MaxNamesInBody + 7, reminder: true));
        Assert.StartsWith("[TLP:AMBER] Reminder: dnscert campaign DGA X", subject, StringComparison.Ordinal);
        Assert.Contains("… (+7, CSV)", body, StringComparison.Ordinal);
        Assert.DoesNotContain($"d{CampaignTemplates.MaxNamesInBody}.test", body, StringComparison.Ordinal);
        Assert.Equal(CampaignTemplates.MaxNamesInBody + 8, CampaignTemplates.Attachment(Notice(CampaignTemplates.MaxNamesInBody + 7), "registry-test").Content.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Campaign_links_cannot_be_used_for_incidents_or_for_the_other_campaign_action()
    {
        var tokens = new AcknowledgementToken(new byte[32], new FakeTimeProvider(s_t0));
        var ack = tokens.Create(s_campaign, "registry-test", TimeSpan.FromDays(1), AcknowledgementPurpose.CampaignAcknowledge);
        Assert.False(tokens.TryRead(ack, out _, out var reason));
        Assert.Contains("another purpose", reason, StringComparison.Ordinal);
        Assert.False(tokens.TryRead(ack, out _, out _, AcknowledgementPurpose.CampaignComplete));
        Assert.True(tokens.TryRead(ack, out var claim, out _, purpose: null));
        Assert.Equal((AcknowledgementPurpose.CampaignAcknowledge, s_campaign, "registry-test"), (claim.Purpose, claim.IncidentId, claim.StakeholderId));
        Assert.True(tokens.TryRead(tokens.Create(s_campaign, "registry-test", TimeSpan.FromDays(1)), out var incident, out _));
        Assert.Equal(AcknowledgementPurpose.Incident, incident.Purpose);

        // The purpose byte is under the MAC: turning an acknowledgement link into a completion link breaks it.
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(ack.AsSpan(0, ack.IndexOf('.', StringComparison.Ordinal)));
        payload[0] = (byte)AcknowledgementPurpose.CampaignComplete;
        var forged = System.Buffers.Text.Base64Url.EncodeToString(payload) + ack[ack.IndexOf('.', StringComparison.Ordinal)..];
        Assert.False(tokens.TryRead(forged, out _, out var forgedReason, purpose: null));
        Assert.Contains("signature does not match", forgedReason, StringComparison.Ordinal);
    }
}
