namespace Dnscert.Core.Store;

/// <summary>
/// The stored notification outbox: messages survive a restart between enqueue and delivery. Claiming is atomic, so
/// two processes on one PostgreSQL database never send the same message in the same round.
/// </summary>
public interface IOutboxMessageRepository
{
    /// <summary>How long a claimed (sending) message stays claimed; after that a crashed sender's claim is taken over.</summary>
    static TimeSpan ClaimLease { get; } = TimeSpan.FromMinutes(10);

    Task AddAsync(StoredOutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves up to <paramref name="max"/> messages due at <paramref name="now"/> (pending and due, or sending with a
    /// claim older than <see cref="ClaimLease"/>) to sending and returns them, oldest due first.
    /// </summary>
    Task<IReadOnlyList<StoredOutboxMessage>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Stores the delivery state of a message (state, attempts, next attempt, sent at, last error); an unknown id is an error.</summary>
    Task UpdateAsync(StoredOutboxMessage message, CancellationToken cancellationToken = default);

    Task<StoredOutboxMessage?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The messages about one incident (or campaign), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredOutboxMessage>> ListRelatedAsync(Guid relatedId, int limit, CancellationToken cancellationToken = default);
}
