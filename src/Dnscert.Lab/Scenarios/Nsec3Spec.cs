namespace Dnscert.Lab.Scenarios;

/// <summary>NSEC3 parameters for a signed zone (absent: NSEC).</summary>
public sealed class Nsec3Spec
{
    public int Iterations { get; set; }

    /// <summary>Salt in hex, or <c>-</c> for none.</summary>
    public string? Salt { get; set; }

    public bool OptOut { get; set; }
}
