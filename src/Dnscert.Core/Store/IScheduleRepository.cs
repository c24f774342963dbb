namespace Dnscert.Core.Store;

/// <summary>The monitoring schedule: one state per monitored zone.</summary>
public interface IScheduleRepository
{
    Task SaveAsync(ScheduleState state, CancellationToken cancellationToken = default);

    Task<ScheduleState?> GetAsync(string zone, CancellationToken cancellationToken = default);

    /// <summary>Zones due at or before <paramref name="now"/>, the most overdue first.</summary>
    Task<IReadOnlyList<ScheduleState>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);
}
