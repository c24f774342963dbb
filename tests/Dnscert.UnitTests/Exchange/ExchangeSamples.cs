using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Core.Store;
using Dnscert.Exchange;

namespace Dnscert.UnitTests.Exchange;

/// <summary>A small incident with one observation of each subject kind the exchange formats carry.</summary>
internal static class ExchangeSamples
{
    public static readonly ReportingOrganisation Organisation = new(new Guid("0b7f1d0e-5a34-4c55-9a51-7f3c2d9e8a10"), "dnscert test CERT");
    public static readonly DateTimeOffset Since = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Opened = new(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);

    public static Observation Observation(int n, SubjectKind kind, string value, string threatType, Tlp tlp = Tlp.Amber, params string[] evidence) => new(
        new Guid($"0193a000-0000-7000-8000-{n:D12}"),
        new Subject(kind, value),
        threatType,
        Severity.Error,
        tlp,
        Opened.AddMinutes(n),
        Opened.AddHours(n),
        ObservationState.Open,
        $"fp-{n}",
        evidence,
        $"Observation {n} of {value}.");

    public static ExchangeIncident Incident(Tlp tlp = Tlp.Amber) => new(
        new Guid("0193a111-2222-7333-8444-555566667777"),
        "Lame delegation and DGA names under example.test",
        tlp,
        Severity.Error,
        "Triaged",
        Opened,
        Opened.AddDays(1),
        [
            Observation(1, SubjectKind.Zone, "example.test", ThreatTypes.LameDelegation.Id, tlp, "ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34ab12cd34"),
            Observation(2, SubjectKind.NameServer, "ns1.example.test", ThreatTypes.UnreachableNameServer.Id, tlp),
            Observation(3, SubjectKind.IpAddress, "192.0.2.53", ThreatTypes.OpenResolver.Id, tlp),
            Observation(4, SubjectKind.IpAddress, "2001:db8::53", ThreatTypes.OpenResolver.Id, tlp),
            Observation(5, SubjectKind.Domain, "xkqjzvw.example.test", ThreatTypes.Dga.Id, Tlp.Red),
            Observation(6, SubjectKind.Url, "http://bad.example.test/login?a='b'", "abuse.phishing", tlp),
        ]);
}
