using Dnscert.Exchange.Notifications;
using static Dnscert.IntegrationTests.Store.StoreSamples;

namespace Dnscert.IntegrationTests.Notifications;

/// <summary>
/// What every <see cref="IOutboxRepository"/> must do, run on the in-memory outbox and on the stored one over SQLite
/// and PostgreSQL: round trip, claim only due messages once, oldest first, retry times respected, finished messages
/// never claimed again, and no message claimed twice by concurrent rounds.
/// </summary>
public abstract class OutboxRepositoryContractTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public abstract ValueTask InitializeAsync();

    public abstract ValueTask DisposeAsync();

    /// <summary>The outbox under test (the same one for the whole test).</summary>
    protected abstract IOutboxRepository Outbox { get; }

    internal static OutboxMessage Message(int n, DateTimeOffset created, NotificationChannel channel = NotificationChannel.Email) =>
        new(
            new Guid($"0193d000-0000-7000-8000-{n:D12}"),
            $"registry-{n % 3}",
            channel,
            channel == NotificationChannel.Email ? $"noc{n}@registre.example" : $"http://127.71.0.9:8{n % 10}/hook",
            "fr",
            $"[TLP:AMBER] incident dnscert : délégation boiteuse {n}",
            $"Bonjour,\n\nincident n°{n} — « zone{n}.test ».\n",
            [new Guid($"0193c000-0000-7000-8000-{n:D12}"), new Guid($"0193c000-0000-7000-8000-{n + 1000:D12}")],
            created)
        {
            WebhookSecret = channel == NotificationChannel.Webhook ? "s3cret" : null,
        };

    [Fact]
    public async Task A_message_reads_back_as_it_was_written()
    {
        var email = Message(1, T0);
        var hook = Message(2, T0.AddSeconds(1), NotificationChannel.Webhook);
        await Outbox.AddAsync(email, Ct);
        await Outbox.AddAsync(hook, Ct);
        Assert.Equivalent(email, await Outbox.GetAsync(email.Id, Ct), strict: true);
        Assert.Equivalent(hook, await Outbox.GetAsync(hook.Id, Ct), strict: true);
        Assert.Null(await Outbox.GetAsync(Guid.CreateVersion7(), Ct));
    }

    [Fact]
    public async Task Only_due_pending_messages_are_claimed_oldest_first_and_only_once()
    {
        for (var n = 1; n <= 5; n++)
        {
            await Outbox.AddAsync(Message(n, T0.AddMinutes(n)), Ct);
        }

        // At T0+3 min, messages 1..3 are due; a batch of 2 takes the two oldest.
        var first = await Outbox.ClaimDueAsync(T0.AddMinutes(3), 2, Ct);
        Assert.Equal([Message(1, T0).Id, Message(2, T0).Id], first.Select(m => m.Id));
        Assert.All(first, m => Assert.Equal(OutboxState.Sending, m.State));
        Assert.Equal(OutboxState.Sending, (await Outbox.GetAsync(first[0].Id, Ct))!.State);

        var second = await Outbox.ClaimDueAsync(T0.AddMinutes(3), 10, Ct);
        Assert.Equal([Message(3, T0).Id], second.Select(m => m.Id));
        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddMinutes(3), 10, Ct));
        Assert.Equal(2, (await Outbox.ClaimDueAsync(T0.AddMinutes(10), 10, Ct)).Count);
    }

    [Fact]
    public async Task A_retry_waits_for_its_time_and_sent_or_failed_messages_are_never_claimed_again()
    {
        foreach (var n in new[] { 1, 2, 3 })
        {
            await Outbox.AddAsync(Message(n, T0), Ct);
        }

        var claimed = await Outbox.ClaimDueAsync(T0, 10, Ct);
        Assert.Equal(3, claimed.Count);
        var sentAt = T0.AddSeconds(2);
        await Outbox.UpdateAsync(claimed[0] with { State = OutboxState.Sent, Attempts = 1, SentAt = sentAt }, Ct);
        await Outbox.UpdateAsync(claimed[1] with { State = OutboxState.Failed, Attempts = 1, LastError = "550 no such mailbox" }, Ct);
        await Outbox.UpdateAsync(claimed[2] with { State = OutboxState.Pending, Attempts = 1, NextAttemptAt = T0.AddMinutes(1), LastError = "connection refused" }, Ct);

        var sent = await Outbox.GetAsync(claimed[0].Id, Ct);
        Assert.Equal((OutboxState.Sent, 1, (DateTimeOffset?)sentAt), (sent!.State, sent.Attempts, sent.SentAt));
        Assert.Equal("550 no such mailbox", (await Outbox.GetAsync(claimed[1].Id, Ct))!.LastError);
        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddSeconds(59), 10, Ct));
        var retry = Assert.Single(await Outbox.ClaimDueAsync(T0.AddMinutes(1), 10, Ct));
        Assert.Equal((claimed[2].Id, 1, "connection refused"), (retry.Id, retry.Attempts, retry.LastError));
        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddMinutes(5), 10, Ct));
    }

    [Fact]
    public async Task Concurrent_rounds_never_claim_the_same_message_twice()
    {
        for (var n = 1; n <= 40; n++)
        {
            await Outbox.AddAsync(Message(n, T0), Ct);
        }

        var rounds = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Outbox.ClaimDueAsync(T0, 7, Ct), Ct)));
        var ids = rounds.SelectMany(r => r).Select(m => m.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(40, ids.Count);
    }
}
