using System.Net;
using Dnscert.Checks.Messages;
using Dnscert.Dns;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Engine;

/// <summary>Checks one zone: gathers the facts from the root down, then runs every check of the catalogue on them.</summary>
public sealed class CheckRunner(TimeProvider time, CheckOptions options, ExchangeRecording? record = null, ExchangeRecording? replay = null, CheckProfile? profile = null, QueryLimits? limits = null, DnsClientTransport? transport = null)
{
    public async Task<CheckRun> RunAsync(DomainName zone, IReadOnlyList<IPAddress> roots, IEnumerable<ICheck>? checks, UndelegatedData? undelegated, CancellationToken ct)
    {
        var started = replay?.StartedAt ?? time.GetUtcNow();
        var timestamp = time.GetTimestamp();
        var warmUp = WarmUp.EnsureStarted();
        using var runner = new QueryRunner(time, options, record, replay, limits, transport);
        var resolver = new IterativeResolver(runner, roots, options);
        // A replay asks the whois server of the recording when the recorded run used one, and the DNS source otherwise.
        var whoisServer = replay is null ? (options.AsnSource == AsnSource.Ripe ? options.AsnWhoisServer : null) : replay.WhoisServer;
        var whois = whoisServer is null ? null : new RisWhoisLookup(new WhoisClient(time), resolver, whoisServer, options.WhoisTimeout, record, replay);
        var facts = await new FactCollector(runner, resolver, new ParentWalk(runner, new IterativeResolver(runner, roots, options, rememberCuts: false), roots, options),
            profile?.AsnBase ?? options.AsnBaseName, whois).CollectAsync(zone, undelegated, started, ct).ConfigureAwait(false);
        await warmUp.ConfigureAwait(false);
        var messages = new List<CheckMessage>();
        profile ??= CheckProfile.Default;
        foreach (var check in profile.Enabled(checks ?? CheckCatalog.All))
        {
            messages.AddRange(check.Evaluate(facts).Select(profile.Apply));
        }

        return new CheckRun(zone, facts, messages, started, time.GetElapsedTime(timestamp), runner.QueriesSent);
    }
}
