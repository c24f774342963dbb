using Dnscert.Core.Store;

namespace Dnscert.Web;

/// <summary>A configured feed and its scheduler status as the dashboard and API show it.</summary>
public sealed record FeedView(
    string Id,
    string? Provider,
    string? Location,
    string? Format,
    TimeSpan? Interval,
    string? ThreatTypeId,
    int? Confidence,
    Tlp? Tlp,
    string? Licence,
    string? Provenance,
    bool Enabled,
    FeedStatus? Status)
{
    /// <summary>ok, failing (the last run failed), pending (never run) or disabled.</summary>
    public string State => !Enabled ? "disabled" : Status is null ? "pending" : Status.ConsecutiveFailures > 0 ? "failing" : "ok";
}
