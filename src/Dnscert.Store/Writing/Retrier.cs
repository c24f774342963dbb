using Dnscert.Core.Store;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Writing;

/// <summary>Bounded exponential back-off for transient errors, and the one place that turns a cause into a <see cref="StoreException"/>.</summary>
internal sealed class Retrier
{
    private readonly StoreDialect _dialect;
    private readonly StoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly StoreStatistics _statistics;

    public Retrier(StoreDialect dialect, StoreOptions options, TimeProvider timeProvider, StoreStatistics statistics)
    {
        _dialect = dialect;
        _options = options;
        _timeProvider = timeProvider;
        _statistics = statistics;
    }

    public int MaxAttempts => _options.MaxAttempts;

    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var n = 1; ; n++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (Exception e) when (e is not StoreException && !IsCancellation(e, cancellationToken))
            {
                if (!_dialect.IsTransient(e) || n >= _options.MaxAttempts)
                {
                    throw Failure(operation, e, n);
                }
            }

            await BackOffAsync(n, cancellationToken);
        }
    }

    /// <summary>Waits after the <paramref name="failures"/>-th transient failure: the initial delay, doubled each time, capped.</summary>
    public async Task BackOffAsync(int failures, CancellationToken cancellationToken)
    {
        _statistics.Retried();
        await Task.Delay(DelayAfter(failures), _timeProvider, cancellationToken);
    }

    public TimeSpan DelayAfter(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryInitialDelay.Ticks * factor, _options.RetryMaxDelay.Ticks));
        return delay;
    }

    public StoreException Failure(string operation, Exception cause, int attempts) =>
        cause as StoreException
        ?? new StoreException(_dialect.Description, operation, _dialect.Describe(cause), _dialect.IsTransient(cause), attempts, cause);

    private static bool IsCancellation(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && cancellationToken.IsCancellationRequested;
}
