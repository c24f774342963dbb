namespace Dnscert.Exchange.Notifications;

/// <summary>
/// An outbox kept in memory, for a single process that may lose unsent messages on restart (the CLI, tests of the
/// delivery logic). A deployment keeps its outbox in the store.
/// </summary>
public sealed class InMemoryOutboxRepository : IOutboxRepository
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, OutboxMessage> _messages = [];

    public Task AddAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            _messages.Add(message.Id, message);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var due = _messages.Values
                .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now)
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                .Take(max)
                .Select(m => m with { State = OutboxState.Sending })
                .ToList();
            foreach (var message in due)
            {
                _messages[message.Id] = message;
            }

            return Task.FromResult<IReadOnlyList<OutboxMessage>>(due);
        }
    }

    public Task UpdateAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            _messages[message.Id] = message;
        }

        return Task.CompletedTask;
    }

    public Task<OutboxMessage?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_messages.GetValueOrDefault(id));
        }
    }

    /// <summary>A snapshot of every message, oldest first.</summary>
    public IReadOnlyList<OutboxMessage> All()
    {
        lock (_lock)
        {
            return [.. _messages.Values.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)];
        }
    }
}
