using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Transport;

/// <summary>
/// Whether an answer's question is the one asked (name without regard to ASCII case, type, class), compared in wire
/// form: decoding both names into <see cref="DomainName"/>s cost two allocations per exchange.
/// </summary>
internal static class QuestionComparer
{
    /// <summary>Both names must already have passed a parse (or a <see cref="DnsNameReader.Walk"/>) with limits.</summary>
    public static bool Same(DnsQuestion asked, ReadOnlySpan<byte> answer, int nameOffset, RRType type, RRClass @class)
    {
        if (asked.Type != type || asked.Class != @class)
        {
            return false;
        }

        Span<byte> left = stackalloc byte[DomainName.MaxWireLength];
        Span<byte> right = stackalloc byte[DomainName.MaxWireLength];
        var leftLength = DnsNameReader.Walk(asked.Message.Span, asked.NameOffset, ParseLimits.AlreadyChecked, "question name", left, out _);
        var rightLength = DnsNameReader.Walk(answer, nameOffset, ParseLimits.AlreadyChecked, "question name", right, out _);
        return DomainName.AsciiFoldEquals(left[..leftLength], right[..rightLength]);
    }
}
