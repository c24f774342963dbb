using System.Text;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.IntegrationTests.Store;

/// <summary>Test data: whole-millisecond times (both backends keep microseconds) and small, valid records.</summary>
internal static class StoreSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public static ZoneSet Set(string name = "tld") => new(name, ["registry", "critical"], TimeSpan.FromMinutes(15));

    public static MonitoredZone Zone(string name, string set = "tld") => new(name, set, ["customer"], T0.AddMilliseconds(name.Length));

    public static EvidenceBlob Blob(string text) => EvidenceBlob.Create("application/dns-message", Encoding.UTF8.GetBytes(text));

    public static StoredCheckRun Run(string zone, DateTimeOffset started, params EvidenceBlob[] evidence) => new(
        Guid.CreateVersion7(),
        zone,
        started,
        TimeSpan.FromMilliseconds(1234.567),
        Severity.Error,
        new SeverityCounts(0, 7, 1, 2, 1, 0),
        "dnscert 0.1.0",
        """{"messages":[{"tag":"NS_SAME_IP","severity":"ERROR"}]}""",
        evidence.Select(e => e.Sha256).ToList());

    public static Observation Observation(DateTimeOffset lastSeen, string fingerprint = "fp", ObservationState state = ObservationState.Open, Guid? id = null) => new(
        id ?? Guid.CreateVersion7(),
        new Subject(SubjectKind.Zone, "example.test"),
        "infra.lame-delegation",
        Severity.Warning,
        Tlp.Amber,
        T0,
        lastSeen,
        state,
        fingerprint,
        ["00" + new string('a', 62)],
        "ns1.example.test does not answer for example.test");
}
