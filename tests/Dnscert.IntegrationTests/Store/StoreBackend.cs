using Dnscert.Store;

namespace Dnscert.IntegrationTests.Store;

/// <summary>One empty database for one test, on SQLite or PostgreSQL, and what the tests need to do to it from outside.</summary>
public abstract class StoreBackend : IAsyncDisposable
{
    public abstract string Name { get; }

    /// <summary>Skips (laptop) or fails (CI) when the backend is missing.</summary>
    public virtual Task RequireAsync() => Task.CompletedTask;

    /// <summary>Options that open this test's database, with short retries so failures show quickly.</summary>
    public StoreOptions Options()
    {
        var options = new StoreOptions
        {
            MaxAttempts = 3,
            RetryInitialDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromMilliseconds(400),
            LockTimeout = TimeSpan.FromMilliseconds(300),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        Configure(options);
        return options;
    }

    /// <summary>Opens a second connection that holds the write lock on <paramref name="table"/> until disposed.</summary>
    public abstract Task<IAsyncDisposable> HoldWriteLockAsync(string table);

    /// <summary>Runs SQL on the database from outside the store.</summary>
    public abstract Task ExecuteAsync(string sql);

    public abstract Task<long> ScalarAsync(string sql);

    /// <summary>The environment a child process gets to open the same database (see <see cref="CrashChild"/>).</summary>
    public abstract string ChildSpec { get; }

    public abstract ValueTask DisposeAsync();

    protected abstract void Configure(StoreOptions options);
}
