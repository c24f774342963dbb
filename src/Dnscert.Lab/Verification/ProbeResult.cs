namespace Dnscert.Lab.Verification;

/// <summary>One verification probe: what was asked, whether the planted fault showed, and what was seen.</summary>
public sealed record ProbeResult(string Scenario, int Index, string Server, string Address, string Query, bool Passed, string Observed, IReadOnlyList<string> Failures);
