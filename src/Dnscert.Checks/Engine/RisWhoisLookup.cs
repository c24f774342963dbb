using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Checks.Rules;
using Dnscert.Dns;

namespace Dnscert.Checks.Engine;

/// <summary>
/// CONNECTIVITY03/04 from RIPE's RIS whois server (Zonemaster's "ripe" ASN source): one whois question
/// <c>-F -M &lt;address&gt;</c> per address, at most <see cref="MaxConcurrent"/> connections at once. The server is
/// named as HOST, HOST:PORT or an address (the tests use a server of their own on loopback); a name is resolved
/// from the root like every other name of the run, never through the system resolver. With <paramref name="record"/>
/// every exchange is kept for <c>--record</c>; with <paramref name="replay"/> no connection is made and each question is
/// answered from the recording, so CONNECTIVITY03/04 judge the same text offline.
/// </summary>
public sealed class RisWhoisLookup(WhoisClient client, IterativeResolver resolver, string server, TimeSpan timeout, ExchangeRecording? record = null, ExchangeRecording? replay = null)
{
    public const string DefaultServer = "riswhois.ripe.net";

    /// <summary>Whois connections open at once: RIS limits connections per client.</summary>
    public const int MaxConcurrent = 4;

    private readonly Lazy<Task<(IPEndPoint? EndPoint, string? Problem)>> _target = new(() => ResolveAsync(resolver, server));

    public async Task<AsnLookup[]> LookupAsync(IEnumerable<IPAddress> addresses, CancellationToken ct)
    {
        var list = addresses.Distinct().ToList();
        if (list.Count == 0)
        {
            return [];
        }

        var (endPoint, problem) = await _target.Value.ConfigureAwait(false);
        if (endPoint is null)
        {
            return [.. list.Select(a => new AsnLookup(a, AsnLookupStatus.Error, [], null, problem, []))];
        }

        var results = new AsnLookup[list.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrent, CancellationToken = ct }, async (i, token) =>
        {
            var query = $"-F -M {list[i]}";
            WhoisExchange exchange;
            if (replay is not null)
            {
                exchange = replay.FindWhois(query) ?? new WhoisExchange(server, endPoint, query, null, "not in the replayed recording", TimeSpan.Zero);
            }
            else
            {
                exchange = await client.QueryAsync(server, endPoint, query, timeout, token).ConfigureAwait(false);
                record?.AddWhois(server, exchange);
            }

            results[i] = Interpret(list[i], exchange);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>Turns one whois exchange into the lookup CONNECTIVITY03/04 judge, with the exchange as evidence.</summary>
    public static AsnLookup Interpret(IPAddress address, WhoisExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (exchange.Response is not { } text)
        {
            return new AsnLookup(address, AsnLookupStatus.Error, [], null, $"the RIS whois server {exchange.ServerName} gave no answer ({exchange.Failure})", [Evidence(exchange, exchange.Failure!)]);
        }

        var record = RisWhoisRecord.Parse(text, address, out var error);
        if (record is not null)
        {
            return new AsnLookup(address, AsnLookupStatus.Found, [record.Asn], record.Prefix, null,
                [Evidence(exchange, string.Create(CultureInfo.InvariantCulture, $"AS{record.Asn} {record.Prefix}"))]);
        }

        return error is null
            ? new AsnLookup(address, AsnLookupStatus.Empty, [], null, null, [Evidence(exchange, "no route")])
            : new AsnLookup(address, AsnLookupStatus.Error, [], null, $"the RIS whois answer does not parse: {error}", [Evidence(exchange, error)]);
    }

    private static Evidence Evidence(WhoisExchange exchange, string outcome) => new(
        exchange.ServerName, exchange.Server.Address, $"whois {exchange.Query}", "whois/TCP", outcome, exchange.Elapsed,
        Encoding.ASCII.GetBytes(exchange.Query + "\r\n"), exchange.Response is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(exchange.Response));

    /// <summary>HOST, HOST:PORT, ADDRESS or ADDRESS:PORT ([v6]:PORT); the port defaults to 43.</summary>
    private static async Task<(IPEndPoint? EndPoint, string? Problem)> ResolveAsync(IterativeResolver resolver, string server)
    {
        if (TryParseServer(server, out var host, out var port, out var address))
        {
            if (address is not null)
            {
                return (new IPEndPoint(address, port), null);
            }

            var addresses = await resolver.ResolveAddressesAsync(host!.Value, 0, CancellationToken.None).ConfigureAwait(false);
            var usable = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork ? resolver.Options.UseIPv4 : resolver.Options.UseIPv6).ToList();
            return usable.Count > 0 ? (new IPEndPoint(usable[0], port), null) : (null, $"the RIS whois server {server} has no usable address");
        }

        return (null, $"'{server}' is not HOST[:PORT] or ADDRESS[:PORT]");
    }

    /// <summary>Splits a server spec; false when it is neither a host name nor an address with an optional port.</summary>
    public static bool TryParseServer(string server, out DomainName? host, out int port, out IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(server);
        (host, port, address) = (null, WhoisClient.Port, null);
        // IPAddress.TryParse would read "[v6]:port" and drop the port, so the bracketed form is tried first.
        if (!server.StartsWith('[') && IPAddress.TryParse(server, out var plain))
        {
            address = plain;
            return true;
        }

        if (IPEndPoint.TryParse(server, out var endPoint) && endPoint.Port is > 0 and <= 65535 && (server.StartsWith('[') || server.Count(c => c == ':') == 1))
        {
            (address, port) = (endPoint.Address, endPoint.Port);
            return true;
        }

        var name = server;
        var colon = server.LastIndexOf(':');
        if (colon > 0)
        {
            if (!int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                return false;
            }

            name = server[..colon];
        }

        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') || !DomainName.TryParse(name.EndsWith('.') ? name : name + ".", out var parsed) || parsed.IsRoot)
        {
            return false;
        }

        host = parsed;
        return true;
    }
}
