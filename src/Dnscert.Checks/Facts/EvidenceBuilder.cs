using System.Globalization;
using Dnscert.Checks.Messages;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Facts;

/// <summary>Turns one exchange into evidence: the question, the transport and what came back, with raw bytes.</summary>
public static class EvidenceBuilder
{
    public static Evidence From(NameServerAddress server, DnsExchangeOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (outcome is null)
        {
            return new Evidence(server.Name.ToString(), server.Address, "(not asked)", "-", "not asked", TimeSpan.Zero, default, default);
        }

        var q = QuestionText(outcome.Query);
        var response = outcome switch
        {
            ExchangeAnswered a => a.Response,
            ExchangeIdMismatch i => i.Response,
            ExchangeMalformed m => m.Response,
            ExchangeQuestionMismatch qm => qm.Response,
            _ => ReadOnlyMemory<byte>.Empty,
        };
        return new Evidence(server.Name.ToString(), server.Address, q, ProtocolText(outcome.Protocol), Describe(outcome), outcome.Elapsed, outcome.Query, response);
    }

    // The query's first question as "name TYPE". Only the question is read: parsing the whole query into a message (its
    // record arrays, every name walked) for this text was a message per evidence line.
    private static string QuestionText(ReadOnlyMemory<byte> query) =>
        DnsMessage.ReadFirstQuestion(query) is { } question ? $"{question.Name} {DnsMnemonics.ToText(question.Type)}" : "(no question)";

    private static string ProtocolText(DnsTransportProtocol protocol) => protocol switch
    {
        DnsTransportProtocol.Udp => "UDP",
        DnsTransportProtocol.Tcp => "TCP",
        _ => protocol.ToString().ToUpperInvariant(),
    };

    public static string Describe(DnsExchangeOutcome outcome) => outcome switch
    {
        ExchangeAnswered a => string.Create(CultureInfo.InvariantCulture,
            $"{a.Message.ResponseCode.ToString().ToUpperInvariant()}{(a.Message.IsAuthoritative() ? " aa" : "")}{(a.Message.IsTruncated ? " tc" : "")}, {a.Message.Answers.Length} answer, {a.Message.Authority.Length} authority records"),
        ExchangeTimedOut => "no answer within the time-out",
        ExchangeConnectionRefused => "connection refused (nothing listens)",
        ExchangeIdMismatch i => string.Create(CultureInfo.InvariantCulture, $"answer with ID {i.ReceivedId}, expected {i.ExpectedId}"),
        ExchangeQuestionMismatch => "answer to a different question",
        ExchangeMalformed m => $"malformed answer: {m.Reason}",
        ExchangeNetworkError n => $"network error: {n.Reason}",
        _ => outcome.GetType().Name,
    };
}
