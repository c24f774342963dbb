namespace Dnscert.Core.Store;

/// <summary>
/// A store operation failed after what could be retried was retried: the message names the database and the
/// operation ("SQLite database /var/lib/dnscert/dnscert.db: save zone example.org failed: database or disk is full").
/// Nothing of the failed operation was written.
/// </summary>
public sealed class StoreException : DnscertException
{
    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreException(string database, string operation, string problem, bool transient, int attempts, Exception? innerException)
        : base($"{database}: {operation} failed{(attempts > 1 ? $" after {attempts} attempts" : "")}: {problem}", innerException!)
    {
        Database = database;
        Operation = operation;
        IsTransient = transient;
        Attempts = attempts;
    }

    /// <summary>Which database, as in <see cref="IDnscertStore.Description"/>.</summary>
    public string Database { get; } = "";

    public string Operation { get; } = "";

    /// <summary>True when the cause was transient (locked, unreachable) and the retries ran out; the operation may succeed later.</summary>
    public bool IsTransient { get; }

    public int Attempts { get; }
}
