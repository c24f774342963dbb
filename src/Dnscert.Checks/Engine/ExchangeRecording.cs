using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dnscert.Core;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Engine;

/// <summary>
/// Every exchange of a check run, saved with <c>--record FILE</c> and served back with <c>--replay FILE</c>,
/// so a run can be repeated offline with identical results (bug reports, regression tests).
/// </summary>
public sealed class ExchangeRecording
{
    public const string Schema = "dnscert.recording/1";

    /// <summary>A recording larger than this is refused: it comes from a file anyone may hand us.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>Whois exchanges a recording may hold: one per name server address, and a zone has far fewer.</summary>
    public const int MaxWhoisExchanges = 1024;

    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };

    private readonly ConcurrentDictionary<string, RecordedExchange> _exchanges = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, RecordedWhoisExchange> _whois = new(StringComparer.Ordinal);

    public int Count => _exchanges.Count;

    /// <summary>Whois exchanges (CONNECTIVITY03/04 with <c>--asn-source ripe</c>) in the recording.</summary>
    public int WhoisCount => _whois.Count;

    /// <summary>
    /// The RIS whois server the recorded run asked (as given to <c>--asn-whois</c>), or null when it asked none: a replay
    /// of a recording with whois exchanges takes its ASN data from them, whatever the replaying command line says.
    /// </summary>
    public string? WhoisServer { get; private set; }

    /// <summary>When the recorded run started: a replay judges signature times against this moment.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>The root server addresses the recorded run started from.</summary>
    public IReadOnlyList<IPAddress> Roots { get; private set; } = [];

    public void Add(string key, DnsExchangeOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var r = new RecordedExchange
        {
            Key = key,
            Server = outcome.Server.ToString(),
            Protocol = outcome.Protocol.ToString(),
            Query = Convert.ToBase64String(outcome.Query.Span),
            ElapsedMilliseconds = outcome.Elapsed.TotalMilliseconds,
            AnsweredFrom = outcome.AnsweredFrom?.ToString(),
        };
        switch (outcome)
        {
            case ExchangeAnswered a:
                (r.Outcome, r.Response) = ("answered", Convert.ToBase64String(a.Response.Span));
                break;
            case ExchangeTimedOut:
                r.Outcome = "timed-out";
                break;
            case ExchangeConnectionRefused:
                r.Outcome = "refused";
                break;
            case ExchangeIdMismatch i:
                (r.Outcome, r.Response, r.ExpectedId, r.ReceivedId) = ("id-mismatch", Convert.ToBase64String(i.Response.Span), i.ExpectedId, i.ReceivedId);
                break;
            case ExchangeQuestionMismatch q:
                (r.Outcome, r.Response) = ("question-mismatch", Convert.ToBase64String(q.Response.Span));
                break;
            case ExchangeMalformed m:
                (r.Outcome, r.Response, r.Reason) = ("malformed", Convert.ToBase64String(m.Response.Span), m.Reason);
                break;
            case ExchangeNetworkError n:
                (r.Outcome, r.Reason) = ("network-error", n.Reason);
                break;
        }

        _exchanges[key] = r;
    }

    /// <summary>Keeps one whois exchange, keyed by its question (one server per run).</summary>
    public void AddWhois(string serverSpec, WhoisExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        WhoisServer = serverSpec;
        _whois[exchange.Query] = new RecordedWhoisExchange
        {
            Query = exchange.Query,
            ServerName = exchange.ServerName,
            Server = exchange.Server.ToString(),
            Response = exchange.Response,
            Failure = exchange.Failure,
            ElapsedMilliseconds = exchange.Elapsed.TotalMilliseconds,
        };
    }

    /// <summary>The recorded whois exchange for this question, as the client returned it; null when not recorded.</summary>
    public WhoisExchange? FindWhois(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_whois.TryGetValue(query, out var w))
        {
            return null;
        }

        return new WhoisExchange(w.ServerName, IPEndPoint.Parse(w.Server), w.Query, w.Response, w.Response is null ? w.Failure ?? "no answer recorded" : null,
            ElapsedFrom(w.ElapsedMilliseconds));
    }

    /// <summary>
    /// The recorded duration back as the exact ticks it was saved from. <see cref="TimeSpan.FromMilliseconds(double)"/>
    /// can land one tick short (ticks / 10,000 is not exact in binary), which showed as 2.959 ms instead of 2.960 ms in
    /// replayed evidence; rounding to the nearest tick gives identical results.
    /// </summary>
    private static TimeSpan ElapsedFrom(double milliseconds) => TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond));

    /// <summary>The recorded outcome of a probe, rebuilt exactly as the transport produced it; null when not recorded.</summary>
    public DnsExchangeOutcome? Find(string key)
    {
        if (!_exchanges.TryGetValue(key, out var r))
        {
            return null;
        }

        var query = Convert.FromBase64String(r.Query);
        var server = IPEndPoint.Parse(r.Server);
        var protocol = Enum.Parse<DnsTransportProtocol>(r.Protocol);
        var response = r.Response is null ? ReadOnlyMemory<byte>.Empty : Convert.FromBase64String(r.Response);
        DnsExchangeOutcome outcome = r.Outcome switch
        {
            "answered" => new ExchangeAnswered(response, DnsMessage.Parse(response)) { Query = query, Server = server, Protocol = protocol },
            "timed-out" => new ExchangeTimedOut { Query = query, Server = server, Protocol = protocol },
            "refused" => new ExchangeConnectionRefused { Query = query, Server = server, Protocol = protocol },
            "id-mismatch" => new ExchangeIdMismatch(response, (ushort)(r.ExpectedId ?? 0), (ushort)(r.ReceivedId ?? 0)) { Query = query, Server = server, Protocol = protocol },
            "question-mismatch" => new ExchangeQuestionMismatch(response, DnsMessage.Parse(response)) { Query = query, Server = server, Protocol = protocol },
            "malformed" => new ExchangeMalformed(r.Reason ?? "", response, null) { Query = query, Server = server, Protocol = protocol },
            _ => new ExchangeNetworkError(r.Reason ?? r.Outcome) { Query = query, Server = server, Protocol = protocol },
        };
        return outcome with { Elapsed = ElapsedFrom(r.ElapsedMilliseconds), AnsweredFrom = r.AnsweredFrom is null ? null : IPEndPoint.Parse(r.AnsweredFrom) };
    }

    public async Task SaveAsync(string path, string zone, IReadOnlyList<IPAddress> roots, DateTimeOffset started, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var document = new RecordingDocument { Schema = Schema, Zone = zone, Started = started, Roots = [.. roots.Select(r => r.ToString())], Exchanges = [.. _exchanges.Values.OrderBy(e => e.Key, StringComparer.Ordinal)] };
        if (!_whois.IsEmpty)
        {
            (document.WhoisServer, document.Whois) = (WhoisServer, [.. _whois.Values.OrderBy(w => w.Query, StringComparer.Ordinal)]);
        }

        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, s_json), ct).ConfigureAwait(false);
    }

    public static async Task<ExchangeRecording> LoadAsync(string path, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > MaxFileBytes)
        {
            throw new DnscertException(info.Exists ? $"recording '{path}' is larger than {MaxFileBytes} bytes." : $"recording '{path}' does not exist.");
        }

        RecordingDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RecordingDocument>(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false), s_json);
        }
        catch (JsonException ex)
        {
            throw new DnscertException($"recording '{path}' is not valid JSON: {ex.Message}", ex);
        }

        if (document?.Schema != Schema)
        {
            throw new DnscertException($"recording '{path}' has schema '{document?.Schema}', not {Schema}.");
        }

        var recording = new ExchangeRecording
        {
            StartedAt = document.Started,
            Roots = [.. document.Roots.Select(r => IPAddress.TryParse(r, out var a) ? a : throw new DnscertException($"recording '{path}': root '{r}' is not an address."))],
        };
        foreach (var e in document.Exchanges)
        {
            recording._exchanges[e.Key] = e;
        }

        if (document.Whois is { Count: > 0 } whois)
        {
            if (whois.Count > MaxWhoisExchanges || string.IsNullOrEmpty(document.WhoisServer))
            {
                throw new DnscertException(whois.Count > MaxWhoisExchanges
                    ? string.Create(CultureInfo.InvariantCulture, $"recording '{path}' holds {whois.Count} whois exchanges, more than {MaxWhoisExchanges}.")
                    : $"recording '{path}' has whois exchanges but no whois_server.");
            }

            recording.WhoisServer = document.WhoisServer;
            foreach (var w in whois)
            {
                if (!IPEndPoint.TryParse(w.Server, out _) || string.IsNullOrEmpty(w.Query) || (w.Response is null && w.Failure is null))
                {
                    throw new DnscertException($"recording '{path}': whois exchange '{w.Query}' is damaged: it needs a query, a server ADDRESS:PORT and a response or a failure.");
                }

                recording._whois[w.Query] = w;
            }
        }

        // Rebuild every entry once now, so a damaged recording fails here with its key, not halfway through a run.
        foreach (var key in recording._exchanges.Keys)
        {
            try
            {
                _ = recording.Find(key);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new DnscertException(string.Create(CultureInfo.InvariantCulture, $"recording '{path}': exchange '{key}' is damaged: {ex.Message}"), ex);
            }
        }

        return recording;
    }

    private sealed class RecordingDocument
    {
        public string Schema { get; set; } = "";

        public string Zone { get; set; } = "";

        public List<string> Roots { get; set; } = [];

        public DateTimeOffset? Started { get; set; }

        public List<RecordedExchange> Exchanges { get; set; } = [];

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? WhoisServer { get; set; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<RecordedWhoisExchange>? Whois { get; set; }
    }
}
