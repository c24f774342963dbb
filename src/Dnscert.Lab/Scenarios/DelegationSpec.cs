namespace Dnscert.Lab.Scenarios;

/// <summary>What the parent (<c>test.</c>) publishes for a scenario zone: NS, glue and DS.</summary>
public sealed class DelegationSpec
{
    public string? Zone { get; set; }

    public List<NameServerSpec>? Ns { get; set; }

    /// <summary><c>auto</c> (DS of the zone's SEP keys; the default for signed zones), <c>none</c>, <c>mismatch</c> (DS of a key the zone does not publish) or <c>explicit</c>.</summary>
    public string? Ds { get; set; }

    /// <summary>With <c>ds: explicit</c>: DS RDATA in presentation form, e.g. <c>12345 13 2 ABCD…</c>.</summary>
    public List<string>? DsRecords { get; set; }
}
