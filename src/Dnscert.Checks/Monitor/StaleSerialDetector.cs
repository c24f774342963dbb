using Dnscert.Checks.Rules;

namespace Dnscert.Checks.Monitor;

/// <summary>
/// Finds secondaries whose SOA serial stopped moving. One run showing a server behind the others is normal while a
/// transfer is under way (CONSISTENCY01 reports it as it is); what matters to an operator is a server that stays
/// behind, on the same serial, for longer than the zone's own refresh and retry timers allow (RFC 1034 §4.3.5): by
/// then a working secondary has asked its primary and caught up. After SOA expire the secondary stops answering for
/// the zone altogether, hence the higher severity.
/// </summary>
public static class StaleSerialDetector
{
    /// <param name="now">Time of the current run.</param>
    /// <param name="current">Serials of the current run.</param>
    /// <param name="history">Earlier runs, newest first, with their serials.</param>
    /// <param name="threshold">How long a server may lag on one serial before it counts as stale.</param>
    public static IReadOnlyList<StaleSerial> Find(
        DateTimeOffset now, IReadOnlyList<ServerSerial> current, IReadOnlyList<(DateTimeOffset At, IReadOnlyList<ServerSerial> Serials)> history, TimeSpan threshold)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(history);
        if (current.Count == 0)
        {
            return [];
        }

        var leader = SerialArithmetic.Latest(current, s => s.Serial).Serial;

        var stale = new List<StaleSerial>();
        foreach (var server in current.Where(s => SerialArithmetic.IsBefore(s.Serial, leader)))
        {
            // Walk back while this server served the same serial and was already behind: that is how long it has lagged.
            var since = now;
            foreach (var (at, serials) in history)
            {
                var then = serials.FirstOrDefault(s => s.Server == server.Server);
                if (then.Server is null || then.Serial != server.Serial || !SerialArithmetic.IsBefore(then.Serial, SerialArithmetic.Latest(serials, s => s.Serial).Serial))
                {
                    break;
                }

                since = at;
            }

            if (now - since >= threshold)
            {
                stale.Add(new StaleSerial(server.Server, server.Serial, leader, since));
            }
        }

        return stale;
    }
}
