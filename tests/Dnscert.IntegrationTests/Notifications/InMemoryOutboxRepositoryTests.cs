using Dnscert.Exchange.Notifications;

namespace Dnscert.IntegrationTests.Notifications;

/// <summary>The outbox contract on the in-memory outbox (the reference the stored one is held to).</summary>
public sealed class InMemoryOutboxRepositoryTests : OutboxRepositoryContractTests
{
    private readonly InMemoryOutboxRepository _outbox = new();

    protected override IOutboxRepository Outbox => _outbox;

    public override ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
