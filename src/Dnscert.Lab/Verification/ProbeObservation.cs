using System.Globalization;
using System.Text.RegularExpressions;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Lab.Verification;

/// <summary>What one exchange showed, in the terms a probe expectation uses.</summary>
internal sealed partial class ProbeObservation
{
    private ProbeObservation(DnsExchangeOutcome outcome)
    {
        Outcome = outcome;
    }

    public DnsExchangeOutcome Outcome { get; }

    public bool Responded => Outcome is ExchangeAnswered;

    public bool Malformed => Outcome is ExchangeMalformed or ExchangeIdMismatch or ExchangeQuestionMismatch;

    public DnsMessage? Message => (Outcome as ExchangeAnswered)?.Message;

    /// <summary>Answer records as one-line presentation text with single spaces, as scenario regexes expect.</summary>
    public IReadOnlyList<string> Answer { get; private init; } = [];

    public IReadOnlyList<string> Authority { get; private init; } = [];

    public IReadOnlyList<uint> RrsigExpirations { get; private init; } = [];

    public static ProbeObservation Of(DnsExchangeOutcome outcome)
    {
        if (outcome is not ExchangeAnswered answered)
        {
            return new ProbeObservation(outcome);
        }

        var m = answered.Message;
        var expirations = new List<uint>();
        foreach (var record in m.Answers)
        {
            if (record.Type == Dns.RRType.RRSIG && record.GetData() is RrsigRecordData rrsig)
            {
                expirations.Add(rrsig.Expiration);
            }
        }

        return new ProbeObservation(outcome)
        {
            Answer = Lines(m.Answers),
            Authority = Lines(m.Authority),
            RrsigExpirations = expirations,
        };
    }

    public string Describe()
    {
        return Outcome switch
        {
            ExchangeAnswered a => string.Create(CultureInfo.InvariantCulture,
                $"{a.Message.ResponseCode.ToString().ToUpperInvariant()} flags [{Flags(a.Message)}] answer {a.Message.Answers.Length} authority {a.Message.Authority.Length} in {a.Elapsed.TotalMilliseconds:0} ms"),
            ExchangeTimedOut => "no answer (timed out)",
            ExchangeConnectionRefused => "no answer (connection refused)",
            ExchangeIdMismatch => "answer with the wrong ID",
            ExchangeQuestionMismatch => "answer to another question",
            ExchangeMalformed m => $"malformed answer: {m.Reason}",
            ExchangeNetworkError n => $"network error: {n.Reason}",
            _ => Outcome.GetType().Name,
        };
    }

    public static string Flags(DnsMessage m)
    {
        var flags = new List<string>();
        if ((m.Flags & DnsHeaderBits.Authoritative) != 0)
        {
            flags.Add("aa");
        }

        if (m.IsTruncated)
        {
            flags.Add("tc");
        }

        if ((m.Flags & DnsHeaderBits.RecursionAvailable) != 0)
        {
            flags.Add("ra");
        }

        return string.Join(' ', flags);
    }

    private static List<string> Lines(ReadOnlySpan<DnsRecord> records)
    {
        var lines = new List<string>(records.Length);
        foreach (var record in records)
        {
            lines.Add(Spaces().Replace(record.ToString(), " "));
        }

        return lines;
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
