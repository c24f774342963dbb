namespace Dnscert.Core;

/// <summary>How bad a finding is, in Zonemaster's levels (lowest first, so levels compare with &lt;).</summary>
public enum Severity
{
    Debug = 0,
    Info = 1,
    Notice = 2,
    Warning = 3,
    Error = 4,
    Critical = 5,
}
