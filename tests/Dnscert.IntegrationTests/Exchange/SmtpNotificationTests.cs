using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Email;
using Dnscert.Exchange.Notifications;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Dnscert.IntegrationTests.Exchange;

public sealed class SmtpNotificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class TimelineRecorder : INotificationEvents
    {
        public List<(Guid Incident, OutboxState State)> Events { get; } = [];

        public Task DeliveryChangedAsync(Guid incidentId, OutboxMessage message, CancellationToken cancellationToken = default)
        {
            lock (Events)
            {
                Events.Add((incidentId, message.State));
            }

            return Task.CompletedTask;
        }
    }

    private static NotificationItem Item(int n) =>
        new(new Guid($"0193c000-0000-7000-8000-{n:D12}"), $"Lame delegation of zone{n}.example", Tlp.Amber, Severity.Error, [$"zone{n}.example", $"ns{n}.example"], $"https://dnscert.test/ack/token{n}");

    [Fact]
    public async Task Each_registry_gets_its_notice_in_its_own_language_at_the_SMTP_server()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var outbox = new InMemoryOutboxRepository();
        var timeline = new TimelineRecorder();
        var transport = new SmtpTransport(new SmtpOptions { Host = LoopbackSmtpServer.Address, Port = smtp.Port, UseStartTls = false, FromAddress = "cert@dnscert.test" });
        var processor = new OutboxProcessor(outbox, [transport], timeline, new OutboxOptions(), time);
        var notifier = new Notifier(outbox, time);
        await notifier.NotifyAsync(new Recipient("reg-fr", "Registre FR", NotificationChannel.Email, "noc@registre.example", "fr"), Item(1), Ct);
        await notifier.NotifyAsync(new Recipient("reg-es", "Registro ES", NotificationChannel.Email, "noc@registro.example", "es"), Item(2), Ct);
        await notifier.NotifyAsync(new Recipient("reg-en", "Registry EN", NotificationChannel.Email, "noc@registry.example", "en-GB"), Item(3), Ct);

        Assert.Equal(3, await processor.RunOnceAsync(Ct));

        var messages = smtp.Messages().ToDictionary(m => m.To.Mailboxes.Single().Address);
        Assert.Equal(3, messages.Count);
        var french = messages["noc@registre.example"];
        Assert.Equal("[TLP:AMBER] incident dnscert : Lame delegation of zone1.example", french.Subject);
        Assert.Equal("fr", french.Body!.Headers["Content-Language"]);
        Assert.Contains("Merci d'accuser réception", french.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://dnscert.test/ack/token1", french.TextBody, StringComparison.Ordinal);
        Assert.Equal("cert@dnscert.test", french.From.Mailboxes.Single().Address);
        Assert.Equal("[TLP:AMBER] incidente dnscert: Lame delegation of zone2.example", messages["noc@registro.example"].Subject);
        Assert.Contains("confirme la recepción", messages["noc@registro.example"].TextBody, StringComparison.Ordinal);
        Assert.Contains("Please acknowledge receipt", messages["noc@registry.example"].TextBody, StringComparison.Ordinal);
        Assert.All(outbox.All(), m => Assert.Equal(OutboxState.Sent, m.State));
        Assert.Equal(3, timeline.Events.Count(e => e.State == OutboxState.Sent));
    }

    [Fact]
    public async Task A_digest_arrives_as_one_message_with_every_incident()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var outbox = new InMemoryOutboxRepository();
        var processor = new OutboxProcessor(outbox, [new SmtpTransport(new SmtpOptions { Host = LoopbackSmtpServer.Address, Port = smtp.Port, UseStartTls = false })], new TimelineRecorder(), new OutboxOptions(), time);
        var notifier = new Notifier(outbox, time);
        var registry = new Recipient("reg-es", "Registro ES", NotificationChannel.Email, "noc@registro.example", "es", DeliveryMode.Digest);
        for (var n = 1; n <= 4; n++)
        {
            await notifier.NotifyAsync(registry, Item(n), Ct);
        }

        Assert.Equal(0, await processor.RunOnceAsync(Ct));
        await notifier.FlushDigestsAsync(Ct);
        Assert.Equal(1, await processor.RunOnceAsync(Ct));
        var digest = Assert.Single(smtp.Messages());
        Assert.Equal("[TLP:AMBER] resumen dnscert: 4 incidente(s)", digest.Subject);
        for (var n = 1; n <= 4; n++)
        {
            Assert.Contains($"https://dnscert.test/ack/token{n}", digest.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_message_to_a_server_that_is_down_waits_for_a_retry()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var port = smtp.Port;
        await smtp.DisposeAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var outbox = new InMemoryOutboxRepository();
        var processor = new OutboxProcessor(outbox, [new SmtpTransport(new SmtpOptions { Host = LoopbackSmtpServer.Address, Port = port, UseStartTls = false, Timeout = TimeSpan.FromSeconds(5) })], new TimelineRecorder(), new OutboxOptions { Jitter = 0 }, time);
        var message = await new Notifier(outbox, time).NotifyAsync(new Recipient("reg", "Registry", NotificationChannel.Email, "noc@registry.example", "en"), Item(1), Ct);
        await processor.RunOnceAsync(Ct);
        var retried = await outbox.GetAsync(message!.Id, Ct);
        Assert.Equal((OutboxState.Pending, 1, time.GetUtcNow().AddMinutes(1)), (retried!.State, retried.Attempts, retried.NextAttemptAt));
        Assert.Contains("SMTP delivery failed", retried.LastError, StringComparison.Ordinal);
    }
}
