namespace Dnscert.Store;

/// <summary>
/// Section <c>Dnscert:Store</c>. SQLite in <see cref="DataDirectory"/> unless <see cref="PostgreSql"/> is set.
/// docs/store.md describes each setting.
/// </summary>
public sealed class StoreOptions
{
    public const string Section = "Dnscert:Store";

    /// <summary>The SQLite file's name inside <see cref="DataDirectory"/>.</summary>
    public const string SqliteFileName = "dnscert.db";

    /// <summary>The writer's page cache unless configured otherwise.</summary>
    public const int DefaultSqliteWriterCacheMiB = 64;

    /// <summary>The writer's page cache for bulk imports (feed ingestion) unless configured otherwise.</summary>
    public const int BulkSqliteWriterCacheMiB = 256;

    /// <summary>Where the SQLite database lives; null means <see cref="DefaultDataDirectory"/>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>An Npgsql connection string; when set, the store uses PostgreSQL and ignores <see cref="DataDirectory"/>.</summary>
    public string? PostgreSql { get; set; }

    /// <summary>How many writes may wait for the writer; a full queue makes writers wait (back-pressure), it never drops.</summary>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>The most writes the writer commits in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>How long one statement waits for a lock held by another process before the attempt counts as failed.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times an operation is tried when it fails transiently (locked, unreachable), the first included.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first transient failure; it doubles after each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a connection attempt to PostgreSQL may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest SQLite file the store writes (bytes); null means no limit but the disk's. A write past it fails as on a full disk.</summary>
    public long? SqliteMaxSize { get; set; }

    /// <summary>
    /// Page cache of the SQLite writer connection, in MiB. 64 by default, which keeps `serve` under its memory budget
    /// (a 256 MiB cache filled up while monitoring 100,000 zones: 752 MB resident instead of 540 MB); bulk imports
    /// (`feeds ingest`) raise it, because their batches touch pages all over the indexes (docs/store.md).
    /// </summary>
    public int SqliteWriterCacheMiB { get; set; } = DefaultSqliteWriterCacheMiB;

    /// <summary>
    /// /var/lib/dnscert when running as root, otherwise $XDG_DATA_HOME/dnscert (by default ~/.local/share/dnscert).
    /// </summary>
    public static string DefaultDataDirectory()
    {
        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            return "/var/lib/dnscert";
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var baseDirectory = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(baseDirectory, "dnscert");
    }

    /// <summary>Every problem of these options, as sentences naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (PostgreSql is not null && string.IsNullOrWhiteSpace(PostgreSql))
        {
            problems.Add($"{Section}:PostgreSql is empty; remove it to use SQLite or give a connection string.");
        }

        if (DataDirectory is not null && string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add($"{Section}:DataDirectory is empty; remove it to use the default or give a directory.");
        }

        Positive(problems, nameof(QueueCapacity), QueueCapacity);
        Positive(problems, nameof(MaxBatchSize), MaxBatchSize);
        Positive(problems, nameof(MaxAttempts), MaxAttempts);
        Positive(problems, nameof(LockTimeout), LockTimeout);
        Positive(problems, nameof(RetryInitialDelay), RetryInitialDelay);
        Positive(problems, nameof(ConnectTimeout), ConnectTimeout);
        if (RetryMaxDelay < RetryInitialDelay)
        {
            problems.Add($"{Section}:RetryMaxDelay ({RetryMaxDelay}) is shorter than RetryInitialDelay ({RetryInitialDelay}).");
        }

        if (SqliteWriterCacheMiB is < 1 or > 16384)
        {
            problems.Add($"{Section}:SqliteWriterCacheMiB must be between 1 and 16384 (MiB).");
        }

        if (SqliteMaxSize is <= 0)
        {
            problems.Add($"{Section}:SqliteMaxSize must be a positive number of bytes.");
        }

        return problems;
    }

    private static void Positive(List<string> problems, string name, int value)
    {
        if (value <= 0)
        {
            problems.Add($"{Section}:{name} must be at least 1 (is {value}).");
        }
    }

    private static void Positive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:{name} must be a positive duration (is {value}).");
        }
    }
}
