namespace Dnscert.Store;

/// <summary>Counters of one store since it was opened, for the run summary and for tests.</summary>
public sealed class StoreStatistics
{
    private long _batches;
    private long _writes;
    private long _retries;
    private long _failedWrites;

    /// <summary>Transactions the writer committed.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Write operations committed (several per batch under load).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Attempts that failed transiently and were tried again after a back-off, reads and writes.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Write operations that failed for good (their callers got a <c>StoreException</c>).</summary>
    public long FailedWrites => Interlocked.Read(ref _failedWrites);

    internal void Committed(int writes)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _writes, writes);
    }

    internal void Retried() => Interlocked.Increment(ref _retries);

    internal void Failed(int writes) => Interlocked.Add(ref _failedWrites, writes);

    public override string ToString() => $"{Batches} batches, {Writes} writes, {Retries} retries, {FailedWrites} failed writes";
}
