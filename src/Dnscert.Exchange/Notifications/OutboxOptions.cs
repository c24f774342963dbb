namespace Dnscert.Exchange.Notifications;

/// <summary>
/// Retry policy of the outbox (section <c>Dnscert:Outbox</c>): exponential back-off from <see cref="InitialDelay"/>,
/// doubled per attempt up to <see cref="MaxDelay"/>, each delay spread by ± <see cref="Jitter"/> so retries of many
/// messages after an outage do not arrive together; after <see cref="MaxAttempts"/> a message is Failed.
/// </summary>
public sealed class OutboxOptions
{
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(6);

    public int MaxAttempts { get; set; } = 8;

    /// <summary>Fraction of the delay added or removed at random (0 to 0.5).</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>How often the worker looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The most messages claimed per round.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>The problems with these options, empty when they are valid (for <c>dnscert config check</c>).</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (InitialDelay <= TimeSpan.Zero || MaxDelay < InitialDelay)
        {
            problems.Add("Dnscert:Outbox: InitialDelay must be positive and at most MaxDelay.");
        }

        if (MaxAttempts is < 1 or > 100)
        {
            problems.Add("Dnscert:Outbox: MaxAttempts must be between 1 and 100.");
        }

        if (Jitter is < 0 or > 0.5)
        {
            problems.Add("Dnscert:Outbox: Jitter must be between 0 and 0.5.");
        }

        if (PollInterval <= TimeSpan.Zero || BatchSize is < 1 or > 10_000)
        {
            problems.Add("Dnscert:Outbox: PollInterval must be positive and BatchSize between 1 and 10000.");
        }

        return problems;
    }

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1, given a uniform random number in [0, 1).</summary>
    public TimeSpan RetryDelay(int attempt, double random)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var baseDelay = Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
        var spread = baseDelay * Jitter * ((random * 2) - 1);
        return TimeSpan.FromMilliseconds(Math.Max(baseDelay + spread, 0));
    }
}
