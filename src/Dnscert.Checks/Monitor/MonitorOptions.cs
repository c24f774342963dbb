using Dnscert.Core.Store;

namespace Dnscert.Checks.Monitor;

/// <summary>How the monitor schedules and judges zones (configuration section <c>Dnscert:Monitor</c>).</summary>
public sealed class MonitorOptions
{
    public const string Section = "Dnscert:Monitor";

    /// <summary>Interval of a zone set created without one (by <c>zones add</c> or the API).</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Zones whose last run found a WARNING or worse are checked this many times more often.</summary>
    public int ProblemSpeedUp { get; set; } = 4;

    /// <summary>No zone is checked more often than this, whatever its set says.</summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Each next-due time moves by up to this share of the interval, so zones added together spread out.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>Zones checked at the same time.</summary>
    public int MaxConcurrentChecks { get; set; } = 16;

    /// <summary>
    /// Zones checked at the same time while web or API requests are being served (requests first: the monitor catches
    /// up as soon as the web is idle). Unset: <see cref="MaxConcurrentChecks"/>, no priority, because on the shared
    /// benchmark machine the priority gave no p99 gain that stood out of the noise while it halved the checks done
    /// (docs/benchmarks.md); set it lower where the dashboard competes with a large constituency.
    /// </summary>
    public int? ChecksWhileWebBusy { get; set; }

    /// <summary>What <see cref="ChecksWhileWebBusy"/> comes to.</summary>
    public int EffectiveChecksWhileWebBusy => Math.Min(MaxConcurrentChecks, ChecksWhileWebBusy ?? MaxConcurrentChecks);

    /// <summary>How often the scheduler looks for due zones.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Signatures that expire sooner than this raise a forecast observation.</summary>
    public TimeSpan SignatureExpiryWarning { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A server that stays behind the others on the same SOA serial for longer than this is reported as a stale
    /// secondary. Unset: the zone's own SOA refresh plus retry, the time a working secondary needs to catch up.
    /// </summary>
    public TimeSpan? StaleSerialAfter { get; set; }

    /// <summary>How many earlier runs the monitor reads back to see how long a server has lagged (only when one lags).</summary>
    public int SerialHistoryRuns { get; set; } = 48;

    /// <summary>
    /// TLP of a zone added without one; its runs, evidence, baseline and observations carry it. AMBER by default: what
    /// the monitor learns about a constituency's zones is for the team that runs it until someone decides otherwise.
    /// </summary>
    public Tlp DefaultTlp { get; set; } = Tlp.Amber;

    /// <summary>Queries in flight to one name server address, over all zones being checked (politeness).</summary>
    public int PerServerConcurrency { get; set; } = 16;

    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (DefaultInterval < MinimumInterval)
        {
            problems.Add($"{Section}:DefaultInterval must be at least MinimumInterval ({MinimumInterval}).");
        }

        if (MinimumInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{Section}:MinimumInterval must be at least one second.");
        }

        if (ProblemSpeedUp is < 1 or > 100)
        {
            problems.Add($"{Section}:ProblemSpeedUp must be between 1 and 100.");
        }

        if (Jitter is < 0 or > 0.5)
        {
            problems.Add($"{Section}:Jitter must be between 0 and 0.5.");
        }

        if (MaxConcurrentChecks is < 1 or > 4096)
        {
            problems.Add($"{Section}:MaxConcurrentChecks must be between 1 and 4096.");
        }

        if (ChecksWhileWebBusy is < 1 or > 4096)
        {
            problems.Add($"{Section}:ChecksWhileWebBusy must be between 1 and 4096 when set.");
        }

        if (PerServerConcurrency is < 1 or > 1024)
        {
            problems.Add($"{Section}:PerServerConcurrency must be between 1 and 1024.");
        }

        if (StaleSerialAfter is { } stale && stale <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:StaleSerialAfter must be positive when set.");
        }

        if (SerialHistoryRuns is < 1 or > 1000)
        {
            problems.Add($"{Section}:SerialHistoryRuns must be between 1 and 1000.");
        }

        if (!Enum.IsDefined(DefaultTlp))
        {
            problems.Add($"{Section}:DefaultTlp must be Clear, Green, Amber, AmberStrict or Red.");
        }

        if (PollInterval <= TimeSpan.Zero || SignatureExpiryWarning <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:PollInterval and SignatureExpiryWarning must be positive.");
        }

        return problems;
    }
}
