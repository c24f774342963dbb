using Dnscert.Checks.Rules;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Checks.Monitor;

/// <summary>
/// Compares a run's snapshot with the confirmed baseline. An unexpected new NS set or new addresses for the name
/// servers is how a hijack through a registrar or registry account shows up, so those are CRITICAL; a changed DS
/// set breaks or moves the chain of trust (ERROR); a new DNSKEY set is often a planned rollover (NOTICE).
/// </summary>
public static class BaselineComparer
{
    public static IReadOnlyList<BaselineChange> Compare(ZoneBaseline baseline, ZoneSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(snapshot);
        var changes = new List<BaselineChange>();
        Add(changes, "NS set", Severity.Critical, baseline.NameServers, snapshot.NameServers);
        Add(changes, "name server addresses", Severity.Critical, baseline.GlueAddresses, snapshot.GlueAddresses);
        Add(changes, "DS set", Severity.Error, baseline.DsRecords, snapshot.DsRecords);
        Add(changes, "DNSKEY set", Severity.Notice, baseline.DnskeyRecords, snapshot.DnskeyRecords);
        if (baseline.SoaSerial is { } before && snapshot.SoaSerial is { } after && SerialArithmetic.IsBefore(after, before))
        {
            changes.Add(new BaselineChange("SOA serial (went backwards)", Severity.Warning, [before.ToString(System.Globalization.CultureInfo.InvariantCulture)], [after.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        }

        return changes;
    }

    private static void Add(List<BaselineChange> changes, string what, Severity severity, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        if (!before.Order(StringComparer.Ordinal).SequenceEqual(after.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            changes.Add(new BaselineChange(what, severity, before, after));
        }
    }
}
