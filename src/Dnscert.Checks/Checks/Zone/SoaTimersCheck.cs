using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Zone;

/// <summary>
/// ZONE02 to ZONE06 (one class: they read the same SOA): refresh, retry, expire and minimum within the ranges
/// RFC 1912 §2.2 and Zonemaster's default profile recommend.
/// </summary>
public sealed class SoaTimersCheck : CheckBase
{
    public const uint MinRefresh = 14400;
    public const uint MinRetry = 3600;
    public const uint MinExpire = 604800;
    public const uint MinMinimum = 300;
    public const uint MaxMinimum = 86400;

    public static readonly MessageTag RefreshLow = new("REFRESH_MINIMUM_VALUE_LOWER", Severity.Warning, ThreatTypes.ZoneContent, "SOA refresh {refresh} is below the recommended {required_refresh}.");
    public static readonly MessageTag RefreshLowerThanRetry = new("REFRESH_LOWER_THAN_RETRY", Severity.Warning, ThreatTypes.ZoneContent, "SOA refresh {refresh} is lower than retry {retry}.");
    public static readonly MessageTag RetryLow = new("RETRY_MINIMUM_VALUE_LOWER", Severity.Warning, ThreatTypes.ZoneContent, "SOA retry {retry} is below the recommended {required_retry}.");
    public static readonly MessageTag ExpireLow = new("EXPIRE_MINIMUM_VALUE_LOWER", Severity.Warning, ThreatTypes.ZoneContent, "SOA expire {expire} is below the recommended {required_expire}.");
    public static readonly MessageTag ExpireLowerThanRefresh = new("EXPIRE_LOWER_THAN_REFRESH", Severity.Warning, ThreatTypes.ZoneContent, "SOA expire {expire} is lower than refresh {refresh}.");
    public static readonly MessageTag MinimumHigh = new("SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER", Severity.Warning, ThreatTypes.ZoneContent, "SOA minimum {minimum} is above the recommended {highest_minimum}.");
    public static readonly MessageTag MinimumLow = new("SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER", Severity.Warning, ThreatTypes.ZoneContent, "SOA minimum {minimum} is below the recommended {lowest_minimum}.");
    public static readonly MessageTag TimersOk = new("SOA_TIMERS_OK", Severity.Info, null, "SOA timers (refresh {refresh}, retry {retry}, expire {expire}, minimum {minimum}) are within recommendations.");

    public override string Id => "ZONE02";

    public override string Module => "Zone";

    public override IReadOnlyList<MessageTag> Tags { get; } = [RefreshLow, RefreshLowerThanRetry, RetryLow, ExpireLow, ExpireLowerThanRefresh, MinimumHigh, MinimumLow, TimersOk];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var source = facts.Servers.FirstOrDefault(s => s.Soa is not null);
        if (source?.Soa is not { } soa)
        {
            yield break;
        }

        Evidence[] ev = [source.EvidenceOf(source.SoaUdp)];
        var found = false;
        if (soa.Refresh < MinRefresh)
        {
            found = true;
            yield return Emit(RefreshLow, ev, ("refresh", soa.Refresh), ("required_refresh", MinRefresh));
        }

        if (soa.Refresh < soa.Retry)
        {
            found = true;
            yield return Emit(RefreshLowerThanRetry, ev, ("refresh", soa.Refresh), ("retry", soa.Retry));
        }

        if (soa.Retry < MinRetry)
        {
            found = true;
            yield return Emit(RetryLow, ev, ("retry", soa.Retry), ("required_retry", MinRetry));
        }

        if (soa.Expire < MinExpire)
        {
            found = true;
            yield return Emit(ExpireLow, ev, ("expire", soa.Expire), ("required_expire", MinExpire));
        }

        if (soa.Expire < soa.Refresh)
        {
            found = true;
            yield return Emit(ExpireLowerThanRefresh, ev, ("expire", soa.Expire), ("refresh", soa.Refresh));
        }

        if (soa.Minimum > MaxMinimum)
        {
            found = true;
            yield return Emit(MinimumHigh, ev, ("minimum", soa.Minimum), ("highest_minimum", MaxMinimum));
        }
        else if (soa.Minimum < MinMinimum)
        {
            found = true;
            yield return Emit(MinimumLow, ev, ("minimum", soa.Minimum), ("lowest_minimum", MinMinimum));
        }

        if (!found)
        {
            yield return Emit(TimersOk, null, ("refresh", soa.Refresh), ("retry", soa.Retry), ("expire", soa.Expire), ("minimum", soa.Minimum));
        }
    }
}
