using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dnscert.Core;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using Dnscert.Lab.Scenarios;

namespace Dnscert.Lab.Verification;

/// <summary>
/// Sends every scenario's <c>verify</c> probes to the running lab with dnscert's own DNS client and says, for
/// each, whether the planted fault is observable. The integration tests check the same probes with BIND's
/// dig as an independent oracle.
/// </summary>
public sealed class ScenarioVerifier(TimeProvider time)
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan s_regexLimit = TimeSpan.FromMilliseconds(200);

    public async Task<IReadOnlyList<ProbeResult>> VerifyAsync(IEnumerable<Scenario> scenarios, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var work = scenarios.SelectMany(s => (s.Definition.Verify ?? []).Select((p, i) => (Scenario: s, Probe: p, Index: i))).ToList();
        var results = new ProbeResult[work.Count];
        using var transport = new DnsClientTransport(time);

        // Probes of one scenario may wait for time-outs; running them side by side keeps the whole run short.
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) => results[i] = await RunAsync(transport, work[i].Scenario, work[i].Probe, work[i].Index, token).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    private async Task<ProbeResult> RunAsync(DnsClientTransport transport, Scenario scenario, ProbeSpec probe, int index, CancellationToken ct)
    {
        var address = scenario.ProbeAddress(probe.Server!);
        if (!DnsMnemonics.TryParseType(probe.Qtype, out var type))
        {
            throw new DnscertException($"{scenario.Id}: verify[{index}].qtype '{probe.Qtype}' is not a record type.");
        }

        var query = new DnsQuery(DomainName.Parse(probe.Qname!), type)
        {
            Edns = probe.Edns ? new EdnsQueryOptions { DnssecOk = probe.Dnssec } : null,
        };
        var outcome = await transport.ExchangeAsync(query, new IPEndPoint(IPAddress.Parse(address), LabAddresses.DnsPort),
            probe.Tcp ? DnsTransportProtocol.Tcp : DnsTransportProtocol.Udp, ProbeTimeout, ct).ConfigureAwait(false);
        var seen = ProbeObservation.Of(outcome);
        var failures = Evaluate(probe.Expect!, seen, time.GetUtcNow());
        var text = $"{probe.Qname} {probe.Qtype}{(probe.Tcp ? " over TCP" : "")}{(probe.Dnssec ? " +DO" : "")}{(probe.Edns ? "" : " without EDNS")}";
        return new ProbeResult(scenario.Id, index, probe.Server!, address, text, failures.Count == 0, seen.Describe(), failures);
    }

    internal static List<string> Evaluate(ProbeExpectation e, ProbeObservation seen, DateTimeOffset now)
    {
        var failures = new List<string>();
        var m = seen.Message;
        if (e.NoResponse is { } silent && silent == seen.Responded)
        {
            failures.Add(silent ? "expected no answer" : "expected an answer");
        }

        if (e.Malformed is { } malformed && malformed != seen.Malformed)
        {
            failures.Add(malformed ? "expected a malformed answer" : "expected a well-formed answer");
        }

        // The response-code enum names are the RFC mnemonics in other letter case (NoError, NXDomain, ServFail).
        if (e.Rcode is { } rcode && (m is null || !string.Equals(m.ResponseCode.ToString(), rcode, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"expected rcode {rcode}");
        }

        Flag(e.Aa, "aa", m, failures);
        Flag(e.Tc, "tc", m, failures);
        Flag(e.Ra, "ra", m, failures);
        if (e.AnswerCount is { } count && seen.Answer.Count(l => !l.Contains(" RRSIG ", StringComparison.Ordinal)) != count)
        {
            failures.Add($"expected {count} answer records");
        }

        Match(e.AnswerMatches, seen.Answer, true, "answer", failures);
        Match(e.AnswerNotMatches, seen.Answer, false, "answer", failures);
        Match(e.AuthorityMatches, seen.Authority, true, "authority", failures);
        if (e.RrsigExpiration is { } rule)
        {
            CheckExpiration(rule, seen.RrsigExpirations, now, failures);
        }

        return failures;
    }

    private static void Flag(bool? expected, string flag, DnsMessage? m, List<string> failures)
    {
        if (expected is { } value && (m is null || ProbeObservation.Flags(m).Split(' ').Contains(flag) != value))
        {
            failures.Add($"expected flag {flag} {(value ? "set" : "clear")}");
        }
    }

    private static void Match(string? pattern, IReadOnlyList<string> lines, bool mustMatch, string section, List<string> failures)
    {
        if (pattern is null)
        {
            return;
        }

        var regex = new Regex(pattern, RegexOptions.CultureInvariant, s_regexLimit);
        if (lines.Any(regex.IsMatch) != mustMatch)
        {
            failures.Add(mustMatch ? $"no {section} record matches /{pattern}/" : $"an {section} record matches /{pattern}/");
        }
    }

    private static void CheckExpiration(string rule, IReadOnlyList<uint> expirations, DateTimeOffset now, List<string> failures)
    {
        if (expirations.Count == 0)
        {
            failures.Add("expected RRSIGs in the answer");
            return;
        }

        // RRSIG times are seconds modulo 2^32 (RFC 4034 §3.1.5); for the lab's dates they are plain Unix times.
        var nowSeconds = now.ToUnixTimeSeconds();
        foreach (var expiration in expirations)
        {
            var left = TimeSpan.FromSeconds(expiration - nowSeconds);
            var ok = rule switch
            {
                "past" => left < TimeSpan.Zero,
                "future" => left > TimeSpan.Zero,
                _ => left > TimeSpan.Zero && left < RelativeTime.Parse("+" + rule["within:".Length..], TimeSpan.Zero),
            };
            if (!ok)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"RRSIG expiration {DateTimeOffset.FromUnixTimeSeconds(expiration):u} is not {rule}"));
            }
        }
    }
}
