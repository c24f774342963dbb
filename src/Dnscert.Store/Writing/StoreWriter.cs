using System.Threading.Channels;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Writing;

/// <summary>
/// The one writer of a database. Writes wait in a bounded channel (<see cref="BoundedChannelFullMode.Wait"/>: a full
/// queue makes producers wait, which is the back-pressure the ingest path wants; nothing is ever dropped). The loop
/// takes whatever is queued, up to <see cref="StoreOptions.MaxBatchSize"/>, and commits it in one transaction, then
/// completes each caller's task. One transaction per batch means a batch is stored whole or not at all:
/// <list type="bullet">
/// <item>a transient failure (locked, busy, connection lost) rolls back and retries the whole batch after a back-off,
/// up to <see cref="StoreOptions.MaxAttempts"/> attempts; then every caller gets a <see cref="StoreException"/>;</item>
/// <item>a permanent failure (a constraint, a full disk) rolls back and replays the batch one operation per
/// transaction, so only the operations that fail themselves get a <see cref="StoreException"/>.</item>
/// </list>
/// The loop never ends on an error; it ends when the store is disposed and the queue is drained.
/// </summary>
internal sealed class StoreWriter : IAsyncDisposable
{
    private readonly StoreDialect _dialect;
    private readonly Retrier _retrier;
    private readonly StoreStatistics _statistics;
    private readonly int _maxBatchSize;
    private readonly Channel<WriteOperation> _queue;
    private readonly Task _loop;
    private WriteContext? _context;

    public StoreWriter(StoreDialect dialect, StoreOptions options, Retrier retrier, StoreStatistics statistics)
    {
        _dialect = dialect;
        _retrier = retrier;
        _statistics = statistics;
        _maxBatchSize = options.MaxBatchSize;
        _queue = Channel.CreateBounded<WriteOperation>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a write (waiting while the queue is full) and completes when it is committed.</summary>
    public async Task<object?> WriteAsync(string name, Func<WriteContext, CancellationToken, Task<object?>> execute, CancellationToken cancellationToken)
    {
        var operation = new WriteOperation(name, execute);
        try
        {
            await _queue.Writer.WriteAsync(operation, cancellationToken);
        }
        catch (ChannelClosedException e)
        {
            throw new StoreException(_dialect.Description, name, "the store is closed", transient: false, attempts: 0, e);
        }

        // Cancelling stops the wait, not the write: once queued, the operation is committed or fails on its own.
        return await operation.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        if (_context is not null)
        {
            await _context.DisposeAsync();
            _context = null;
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteOperation>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            try
            {
                await CommitAsync(batch);
            }
            catch (Exception e)
            {
                // CommitAsync reports every failure to its callers; this only keeps the loop alive should cleanup
                // itself fail, so that no later write waits for a writer that is gone.
                foreach (var operation in batch)
                {
                    operation.Completion.TrySetException(_retrier.Failure(operation.Name, e, 1));
                }
            }
        }
    }

    private async Task CommitAsync(List<WriteOperation> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            try
            {
                await RunInTransactionAsync(batch);
                _statistics.Committed(batch.Count);
                foreach (var operation in batch)
                {
                    operation.Committed();
                }

                return;
            }
            catch (Exception e)
            {
                // Whatever failed, the transaction was not committed; a fresh connection starts the next attempt.
                failure = e;
                await ResetAsync();
            }

            if (_dialect.IsTransient(failure) && attempt < _retrier.MaxAttempts)
            {
                await _retrier.BackOffAsync(batch.Count == 1 ? batch[0].Name : $"a batch of {batch.Count} writes", failure, attempt, CancellationToken.None);
                continue;
            }

            if (!_dialect.IsTransient(failure) && batch.Count > 1)
            {
                // Find the operations that fail by themselves; the others are committed one by one.
                foreach (var operation in batch)
                {
                    await CommitAsync([operation]);
                }

                return;
            }

            _statistics.Failed(batch.Count);
            foreach (var operation in batch)
            {
                var name = batch.Count == 1 ? operation.Name : $"{operation.Name} (in a batch of {batch.Count})";
                operation.Completion.TrySetException(_retrier.Failure(name, failure, attempt));
            }

            return;
        }
    }

    private async Task RunInTransactionAsync(List<WriteOperation> batch)
    {
        _context ??= new WriteContext(await _dialect.OpenWriterAsync(CancellationToken.None), _dialect);
        await using var transaction = await _dialect.BeginAsync(_context.Connection, CancellationToken.None);
        _context.Transaction = transaction;
        try
        {
            foreach (var operation in batch)
            {
                await operation.RunAsync(_context, CancellationToken.None);
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        finally
        {
            await _context.EndBatchAsync();
        }
    }

    private async Task ResetAsync()
    {
        var context = _context;
        _context = null;
        if (context is not null)
        {
            await context.DisposeAsync();
        }
    }
}
