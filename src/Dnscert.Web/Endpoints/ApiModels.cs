using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Web.Endpoints;

/// <summary>A keyset page: pass <c>next</c> back as <c>after</c> for the following page; null on the last page.</summary>
internal sealed record PageDto<T>(IReadOnlyList<T> Items, string? Next);

internal sealed record ZoneDto(string Name, string Set, IReadOnlyList<string> Tags, DateTimeOffset Added, Tlp Tlp, DateTimeOffset? LatestCheck, Severity? HighestSeverity)
{
    public static ZoneDto Of(MonitoredZone z, CheckRunSummary? latest) =>
        new(z.Name, z.SetName, z.Tags, z.Added, z.Tlp, latest?.Started, latest?.HighestSeverity);
}

internal sealed record ZoneSetDto(string Name, IReadOnlyList<string> Tags, TimeSpan CheckInterval)
{
    public static ZoneSetDto Of(ZoneSet s) => new(s.Name, s.Tags, s.CheckInterval);
}

/// <summary>Zones to add; <paramref name="Tlp"/> null gives new zones the configured default marking.</summary>
internal sealed record AddZonesRequest(string? Set, IReadOnlyList<string>? Zones, Tlp? Tlp = null);

internal sealed record AddZonesResponse(string Set, int Requested, int Added);

internal sealed record BaselineDto(IReadOnlyList<string> NameServers, IReadOnlyList<string> DsRecords, IReadOnlyList<string> DnskeyRecords, IReadOnlyList<string> GlueAddresses, long? SoaSerial, DateTimeOffset ConfirmedAt)
{
    public static BaselineDto Of(ZoneBaseline b) => new(b.NameServers, b.DsRecords, b.DnskeyRecords, b.GlueAddresses, b.SoaSerial, b.ConfirmedAt);
}

internal sealed record CheckRunDto(Guid Id, string Zone, DateTimeOffset Started, double DurationMs, Severity HighestSeverity, SeverityCounts Counts, string? EngineVersion, System.Text.Json.JsonElement? Result)
{
    public static CheckRunDto Of(StoredCheckRun r, bool withMessages)
    {
        System.Text.Json.JsonElement? result = null;
        if (withMessages)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(r.MessagesJson);
            result = doc.RootElement.Clone();
        }

        return new(r.Id, r.Zone, r.Started, r.Duration.TotalMilliseconds, r.HighestSeverity, r.Counts, r.EngineVersion, result);
    }

    public static CheckRunDto Of(CheckRunSummary r) => new(r.Id, r.Zone, r.Started, r.Duration.TotalMilliseconds, r.HighestSeverity, r.Counts, null, null);
}

internal sealed record ObservationDto(Guid Id, SubjectKind SubjectKind, string Subject, string ThreatType, Severity Severity, Tlp Tlp, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, ObservationState State, string Fingerprint, IReadOnlyList<string> EvidenceIds, string Summary)
{
    public static ObservationDto Of(Observation o) =>
        new(o.Id, o.Subject.Kind, o.Subject.Value, o.ThreatTypeId, o.Severity, o.Tlp, o.FirstSeen, o.LastSeen, o.State, o.Fingerprint, o.EvidenceIds, o.Summary);
}

internal sealed record CreateTokenRequest(string? Role);

internal sealed record TokenDto(string Id, string Token, string Role);

internal sealed record UserDto(string Name, string Role);
