using System.Net;
using System.Text.Json.Nodes;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Notifications;
using Dnscert.Exchange.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Dnscert.UnitTests.Exchange.Notifications;

public sealed class OutboxTests
{
    private const string Secret = "a shared webhook secret of the test";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset s_start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private sealed class TimelineRecorder : INotificationEvents
    {
        public List<(Guid Incident, OutboxState State, int Attempts)> Events { get; } = [];

        public Task DeliveryChangedAsync(Guid incidentId, OutboxMessage message, CancellationToken cancellationToken = default)
        {
            Events.Add((incidentId, message.State, message.Attempts));
            return Task.CompletedTask;
        }
    }

    private static NotificationItem Item(int n) =>
        new(new Guid($"0193b000-0000-7000-8000-{n:D12}"), $"Lame delegation of zone{n}.example", Tlp.Amber, Severity.Error, [$"zone{n}.example"], $"https://dnscert.test/ack/t{n}");

    private static Recipient Hook(string url, DeliveryMode mode = DeliveryMode.Immediate) =>
        new("registry-example", "Example Registry", NotificationChannel.Webhook, url, "fr", mode, Secret);

    [Fact]
    public async Task A_webhook_is_retried_with_growing_back_off_until_the_receiver_takes_it()
    {
        var time = new FakeTimeProvider(s_start);
        using var receiver = new LoopbackWebhookReceiver(Secret, time.GetUtcNow, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable);
        using var http = new HttpClient();
        var outbox = new InMemoryOutboxRepository();
        var timeline = new TimelineRecorder();
        var options = new OutboxOptions { InitialDelay = TimeSpan.FromMinutes(1), Jitter = 0 };
        var processor = new OutboxProcessor(outbox, [new WebhookTransport(http, time)], timeline, options, time);
        var message = await new Notifier(outbox, time).NotifyAsync(Hook(receiver.Url), Item(1), Ct);
        Assert.NotNull(message);

        Assert.Equal(1, await processor.RunOnceAsync(Ct));
        var afterFirst = await outbox.GetAsync(message.Id, Ct);
        Assert.Equal((OutboxState.Pending, 1, s_start.AddMinutes(1)), (afterFirst!.State, afterFirst.Attempts, afterFirst.NextAttemptAt));
        Assert.Contains("HTTP 503", afterFirst.LastError, StringComparison.Ordinal);

        // Not due yet: nothing is sent.
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await processor.RunOnceAsync(Ct));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await processor.RunOnceAsync(Ct));
        Assert.Equal(s_start.AddMinutes(1 + 2), (await outbox.GetAsync(message.Id, Ct))!.NextAttemptAt);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await processor.RunOnceAsync(Ct));

        var sent = await outbox.GetAsync(message.Id, Ct);
        Assert.Equal((OutboxState.Sent, 3), (sent!.State, sent.Attempts));
        Assert.Equal(3, receiver.Received.Count);
        Assert.All(receiver.Received, r => Assert.True(r.Verified));
        var payload = JsonNode.Parse(receiver.Received[^1].Body)!;
        Assert.Equal("amber", (string)payload["items"]![0]!["tlp"]!);
        Assert.Equal(
            [(Item(1).IncidentId, OutboxState.Pending, 1), (Item(1).IncidentId, OutboxState.Pending, 2), (Item(1).IncidentId, OutboxState.Sent, 3)],
            timeline.Events);
    }

    [Fact]
    public async Task A_message_fails_for_good_after_the_last_attempt_or_at_once_on_a_client_error()
    {
        var time = new FakeTimeProvider(s_start);
        using var receiver = new LoopbackWebhookReceiver(Secret, time.GetUtcNow, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.Gone);
        using var http = new HttpClient();
        var outbox = new InMemoryOutboxRepository();
        var timeline = new TimelineRecorder();
        var processor = new OutboxProcessor(outbox, [new WebhookTransport(http, time)], timeline, new OutboxOptions { MaxAttempts = 2, Jitter = 0 }, time);
        var notifier = new Notifier(outbox, time);
        var first = await notifier.NotifyAsync(Hook(receiver.Url), Item(1), Ct);
        await processor.RunOnceAsync(Ct);
        time.Advance(TimeSpan.FromMinutes(1));
        await processor.RunOnceAsync(Ct);
        Assert.Equal((OutboxState.Failed, 2), ((await outbox.GetAsync(first!.Id, Ct))!.State, (await outbox.GetAsync(first.Id, Ct))!.Attempts));

        var second = await notifier.NotifyAsync(Hook(receiver.Url), Item(2), Ct);
        await processor.RunOnceAsync(Ct);
        var gone = await outbox.GetAsync(second!.Id, Ct);
        Assert.Equal((OutboxState.Failed, 1), (gone!.State, gone.Attempts));
        Assert.Contains("HTTP 410", gone.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_with_another_secret_refuses_the_signature()
    {
        var time = new FakeTimeProvider(s_start);
        using var receiver = new LoopbackWebhookReceiver("not the same secret", time.GetUtcNow);
        using var http = new HttpClient();
        var outbox = new InMemoryOutboxRepository();
        var processor = new OutboxProcessor(outbox, [new WebhookTransport(http, time)], new TimelineRecorder(), new OutboxOptions(), time);
        var message = await new Notifier(outbox, time).NotifyAsync(Hook(receiver.Url), Item(1), Ct);
        await processor.RunOnceAsync(Ct);
        Assert.False(receiver.Received.Single().Verified);
        Assert.Equal(OutboxState.Failed, (await outbox.GetAsync(message!.Id, Ct))!.State);
    }

    [Fact]
    public async Task A_digest_stakeholder_gets_one_message_per_period_with_all_its_items()
    {
        var time = new FakeTimeProvider(s_start);
        var outbox = new InMemoryOutboxRepository();
        var notifier = new Notifier(outbox, time);
        var digest = new Recipient("registry-fr", "Registre Exemple", NotificationChannel.Email, "noc@registre.example", "fr-FR", DeliveryMode.Digest);
        var immediate = new Recipient("registry-es", "Registro Ejemplo", NotificationChannel.Email, "noc@registro.example", "es", DeliveryMode.Immediate);
        Assert.Null(await notifier.NotifyAsync(digest, Item(1), Ct));
        Assert.Null(await notifier.NotifyAsync(digest, Item(2), Ct));
        Assert.NotNull(await notifier.NotifyAsync(immediate, Item(3), Ct));
        Assert.Single(outbox.All());

        var digests = await notifier.FlushDigestsAsync(Ct);
        var message = Assert.Single(digests);
        Assert.Equal([Item(1).IncidentId, Item(2).IncidentId], message.IncidentIds);
        Assert.Equal("[TLP:AMBER] synthèse dnscert : 2 incident(s)", message.Subject);
        Assert.Contains("zone1.example", message.Body, StringComparison.Ordinal);
        Assert.Contains("zone2.example", message.Body, StringComparison.Ordinal);
        Assert.Empty(await notifier.FlushDigestsAsync(Ct));
    }

    [Theory]
    [InlineData(1, 0.5, 60)]
    [InlineData(2, 0.5, 120)]
    [InlineData(5, 0.5, 960)]
    [InlineData(30, 0.5, 21600)]
    [InlineData(1, 0.0, 48)]
    [InlineData(1, 0.999999, 72)]
    public void Back_off_doubles_per_attempt_up_to_the_cap_and_jitter_spreads_it(int attempt, double random, int seconds)
    {
        var options = new OutboxOptions { InitialDelay = TimeSpan.FromMinutes(1), MaxDelay = TimeSpan.FromHours(6), Jitter = 0.2 };
        Assert.Equal(seconds, options.RetryDelay(attempt, random).TotalSeconds, precision: 0);
    }

    [Fact]
    public void Webhook_signatures_fail_on_an_altered_body_or_an_old_timestamp()
    {
        var body = "{\"a\":1}"u8.ToArray();
        var signature = WebhookSignature.Sign(Secret, s_start.ToUnixTimeSeconds(), body);
        var timestamp = s_start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(WebhookSignature.Verify(Secret, timestamp, signature, body, s_start, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, timestamp, signature, "{\"a\":2}"u8, s_start, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, timestamp, signature, body, s_start.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, timestamp, "v1=zz", body, s_start, TimeSpan.FromMinutes(5)));
    }
}
