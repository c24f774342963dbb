namespace Dnscert.Exchange.Notifications;

/// <summary>Where outbox messages live between enqueue and delivery.</summary>
public interface IOutboxRepository
{
    Task AddAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves up to <paramref name="max"/> Pending messages due at <paramref name="now"/> to Sending and returns them;
    /// a message is claimed by one caller only.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Stores the new state of a claimed message (Sent, Failed, or Pending with its retry time).</summary>
    Task UpdateAsync(OutboxMessage message, CancellationToken cancellationToken = default);

    Task<OutboxMessage?> GetAsync(Guid id, CancellationToken cancellationToken = default);
}
