namespace Dnscert.Reports.Rendering;

/// <summary>Which report: every threat, the infrastructure health part (checks only), or the coverage gaps.</summary>
public enum ReportKind
{
    Threats = 0,
    Health = 1,
    Gaps = 2,
}
