namespace Dnscert.Lab;

/// <summary>The <c>Dnscert:Lab</c> configuration section; command-line options win over it.</summary>
public sealed class LabOptions
{
    public const string Section = "Dnscert:Lab";

    /// <summary>State folder; default <c>$DNSCERT_LAB_DIR</c> or <c>/tmp/dnscert-lab</c>.</summary>
    public string? Directory { get; set; }

    /// <summary>Scenario folder; default <c>lab/scenarios</c> of the checkout.</summary>
    public string? Scenarios { get; set; }

    /// <summary>Round trip the relay adds to every server (zero: no relay).</summary>
    public TimeSpan Rtt { get; set; }

    /// <summary>Problems with the values, for <c>dnscert config check</c> and start-up validation.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (Rtt < TimeSpan.Zero || Rtt > TimeSpan.FromSeconds(10))
        {
            problems.Add($"{Section}:Rtt must be between 00:00:00 and 00:00:10, not {Rtt}.");
        }

        if (Directory is { Length: 0 })
        {
            problems.Add($"{Section}:Directory is empty.");
        }

        return problems;
    }
}
