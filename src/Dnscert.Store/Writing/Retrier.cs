using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Microsoft.Extensions.Logging;

namespace Dnscert.Store.Writing;

/// <summary>Bounded exponential back-off for transient errors, and the one place that turns a cause into a <see cref="StoreException"/>.</summary>
internal sealed class Retrier
{
    private readonly StoreDialect _dialect;
    private readonly StoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly StoreStatistics _statistics;
    private readonly ILogger _logger;

    public Retrier(StoreDialect dialect, StoreOptions options, TimeProvider timeProvider, StoreStatistics statistics, ILogger logger)
    {
        _dialect = dialect;
        _options = options;
        _timeProvider = timeProvider;
        _statistics = statistics;
        _logger = logger;
    }

    public ILogger Logger => _logger;

    public int MaxAttempts => _options.MaxAttempts;

    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var n = 1; ; n++)
        {
            Exception failure;
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

                failure = e;
            }

            await BackOffAsync(operation, failure, n, cancellationToken);
        }
    }

    /// <summary>Waits after the <paramref name="failures"/>-th transient failure: the initial delay, doubled each time, capped.</summary>
    public async Task BackOffAsync(string operation, Exception cause, int failures, CancellationToken cancellationToken)
    {
        _statistics.Retried();
        var delay = DelayAfter(failures);
        Log.Retrying(_logger, _dialect.Description, operation, failures, _options.MaxAttempts, delay, _dialect.Describe(cause));
        await Task.Delay(delay, _timeProvider, cancellationToken);
    }

    public TimeSpan DelayAfter(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryInitialDelay.Ticks * factor, _options.RetryMaxDelay.Ticks));
        return delay;
    }

    /// <summary>The exception a caller gets, logged once here.</summary>
    public StoreException Failure(string operation, Exception cause, int attempts)
    {
        if (cause is StoreException known)
        {
            return known;
        }

        var problem = _dialect.Describe(cause);
        Log.Failed(_logger, _dialect.Description, operation, attempts, problem);
        return new StoreException(_dialect.Description, operation, problem, _dialect.IsTransient(cause), attempts, cause);
    }

    private static bool IsCancellation(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && cancellationToken.IsCancellationRequested;
}
