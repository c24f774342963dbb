using Dnscert.Core.Store;
using Dnscert.Exchange.Email;
using Dnscert.Exchange.Notifications;
using Dnscert.IntegrationTests.Exchange;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;
using Microsoft.Extensions.Time.Testing;
using static Dnscert.IntegrationTests.Store.StoreSamples;

namespace Dnscert.IntegrationTests.Notifications;

/// <summary>
/// The outbox contract on the store, plus what only a stored outbox can do: survive a restart, let two stores on one
/// database share the work without sending a message twice, and take over a claim left by a sender that died.
/// </summary>
public abstract class StoredOutboxRepositoryTests : OutboxRepositoryContractTests
{
    private readonly StoreBackend _backend;
    private readonly List<DnscertStore> _stores = [];
    private StoredOutboxRepository? _outbox;

    protected StoredOutboxRepositoryTests(StoreBackend backend)
    {
        _backend = backend;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override IOutboxRepository Outbox => _outbox!;

    public override async ValueTask InitializeAsync()
    {
        await _backend.RequireAsync();
        _outbox = new StoredOutboxRepository((await OpenAsync()).Outbox);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await _backend.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<DnscertStore> OpenAsync()
    {
        var store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task A_queued_message_survives_a_restart_and_is_delivered_by_the_next_process()
    {
        var message = Message(7, T0);
        await Outbox.AddAsync(message, Ct);
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _stores.Clear();

        // The next process: a new store on the same database, a real SMTP server, the real processor.
        await using var smtp = await LoopbackSmtpServer.StartAsync("127.71.0.1");
        var reopened = new StoredOutboxRepository((await OpenAsync()).Outbox);
        var time = new FakeTimeProvider(T0.AddMinutes(5));
        var events = new List<(Guid Incident, OutboxState State)>();
        var processor = new OutboxProcessor(
            reopened,
            [new SmtpTransport(new SmtpOptions { Host = smtp.Host, Port = smtp.Port, UseStartTls = false, FromAddress = "cert@dnscert.test" })],
            new RecordingEvents(events),
            new OutboxOptions(),
            time);
        Assert.Equal(1, await processor.RunOnceAsync(Ct));

        var arrived = Assert.Single(smtp.Messages());
        Assert.Equal(message.Subject, arrived.Subject);
        Assert.Equal("noc7@registre.example", arrived.To.Mailboxes.Single().Address);
        var stored = await reopened.GetAsync(message.Id, Ct);
        Assert.Equal((OutboxState.Sent, 1, (DateTimeOffset?)T0.AddMinutes(5)), (stored!.State, stored.Attempts, stored.SentAt));
        Assert.Equal(message.IncidentIds.Select(i => (i, OutboxState.Sent)), events);
        Assert.Equal([message.Id], (await reopened.ListRelatedAsync(message.IncidentIds[1], 10, Ct)).Select(m => m.Id));
    }

    [Fact]
    public async Task Two_stores_on_one_database_share_the_due_messages_without_overlap()
    {
        for (var n = 1; n <= 30; n++)
        {
            await Outbox.AddAsync(Message(n, T0), Ct);
        }

        var other = new StoredOutboxRepository((await OpenAsync()).Outbox);
        var rounds = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? Outbox : other).ClaimDueAsync(T0, 6, Ct), Ct)));
        var ids = rounds.SelectMany(r => r).Select(m => m.Id).ToList();
        Assert.Equal(30, ids.Count);
        Assert.Equal(30, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_claim_left_by_a_dead_sender_is_taken_over_after_the_lease()
    {
        await Outbox.AddAsync(Message(1, T0), Ct);
        Assert.Single(await Outbox.ClaimDueAsync(T0, 10, Ct));

        // The sender died before recording anything: the message stays claimed for the lease, then is due again.
        Assert.Empty(await Outbox.ClaimDueAsync(T0 + IOutboxMessageRepository.ClaimLease - TimeSpan.FromSeconds(1), 10, Ct));
        var again = Assert.Single(await Outbox.ClaimDueAsync(T0 + IOutboxMessageRepository.ClaimLease, 10, Ct));
        Assert.Equal(Message(1, T0).Id, again.Id);
    }

    [Fact]
    public async Task Updating_a_message_the_store_does_not_have_is_an_error()
    {
        var e = await Assert.ThrowsAsync<StoreException>(() => Outbox.UpdateAsync(Message(99, T0) with { State = OutboxState.Sent }, Ct));
        Assert.Contains("no outbox message", e.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingEvents(List<(Guid Incident, OutboxState State)> events) : INotificationEvents
    {
        public Task DeliveryChangedAsync(Guid incidentId, OutboxMessage message, CancellationToken cancellationToken = default)
        {
            events.Add((incidentId, message.State));
            return Task.CompletedTask;
        }
    }
}
