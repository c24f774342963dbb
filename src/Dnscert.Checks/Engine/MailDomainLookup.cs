using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Engine;

/// <summary>
/// Resolves the mail domain of an SOA RNAME for SYNTAX06: its MX (CNAMEs followed), then the A and AAAA of each
/// exchange, or of the domain itself when it has no MX (RFC 5321 §5.1). Every lookup starts at the root.
/// </summary>
public static class MailDomainLookup
{
    private const int MaxAliases = 8;

    public static async Task<MailDomainFacts> RunAsync(IterativeResolver resolver, DomainName domain, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var evidence = new List<Evidence>();
        var name = domain;
        List<DomainName>? hosts = null;
        for (var hop = 0; hop < MaxAliases && hosts is null; hop++)
        {
            var lookup = await resolver.LookupAsync(name, RRType.MX, ct).ConfigureAwait(false);
            evidence.AddRange(lookup.Evidence.TakeLast(1));
            if (lookup.Answer is not { ResponseCode: DnsResponseCode.NoError } answer)
            {
                return new MailDomainFacts(domain, false, [], evidence);
            }

            var owner = name;
            for (var k = 0; k < MaxAliases && MessageReading.NameTargets(answer.Answers, RRType.CNAME, owner) is [var alias]; k++)
            {
                owner = alias;
            }

            var mx = MessageReading.Mx(answer.Answers, owner);
            if (mx.Count > 0 || owner == name)
            {
                hosts = mx.Count > 0 ? [.. mx.Select(m => m.Exchange).Distinct()] : [owner];
            }

            // The alias points outside this answer: ask for its MX in turn.
            name = owner;
        }

        if (hosts is null)
        {
            return new MailDomainFacts(domain, false, [], evidence);
        }

        var judged = await Task.WhenAll(hosts.Select(h => HostAsync(resolver, h, ct))).ConfigureAwait(false);
        return new MailDomainFacts(domain, true, judged, evidence);
    }

    private static async Task<MailHostFacts> HostAsync(IterativeResolver resolver, DomainName host, CancellationToken ct)
    {
        var v4Task = resolver.LookupAsync(host, RRType.A, ct);
        var v6Task = resolver.LookupAsync(host, RRType.AAAA, ct);
        var (v4, v6) = (await v4Task.ConfigureAwait(false), await v6Task.ConfigureAwait(false));
        return new MailHostFacts(host,
            v4.Answer is { } a ? MessageReading.Addresses(a.Answers, host) : [], HasCname(v4.Answer),
            v6.Answer is { } b ? MessageReading.Addresses(b.Answers, host) : [], HasCname(v6.Answer),
            [.. v4.Evidence.TakeLast(1), .. v6.Evidence.TakeLast(1)]);
    }

    private static bool HasCname(DnsMessage? answer) =>
        answer is not null && MessageReading.Count(answer.Answers, RRType.CNAME) > 0;
}
