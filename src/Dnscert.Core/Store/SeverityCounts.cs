namespace Dnscert.Core.Store;

/// <summary>How many messages of each severity a check run produced.</summary>
public sealed record SeverityCounts(int Debug, int Info, int Notice, int Warning, int Error, int Critical)
{
    public static SeverityCounts None { get; } = new(0, 0, 0, 0, 0, 0);

    public int Total => Debug + Info + Notice + Warning + Error + Critical;

    public int this[Severity severity] => severity switch
    {
        Severity.Debug => Debug,
        Severity.Info => Info,
        Severity.Notice => Notice,
        Severity.Warning => Warning,
        Severity.Error => Error,
        Severity.Critical => Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown severity"),
    };

    public static SeverityCounts Count(IEnumerable<Severity> severities)
    {
        ArgumentNullException.ThrowIfNull(severities);
        var c = new int[6];
        foreach (var s in severities)
        {
            c[(int)s]++;
        }

        return new SeverityCounts(c[0], c[1], c[2], c[3], c[4], c[5]);
    }
}
