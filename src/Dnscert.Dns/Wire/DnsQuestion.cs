namespace Dnscert.Dns.Wire;

/// <summary>A question entry, held as an offset into its message; <see cref="Name"/> decodes on demand.</summary>
public readonly record struct DnsQuestion(ReadOnlyMemory<byte> Message, int NameOffset, RRType Type, RRClass Class)
{
    public DomainName Name => DnsNameReader.Read(Message.Span, NameOffset, ParseLimits.AlreadyChecked, "question name", out _);

    public override string ToString() =>
        $";{Name}\t\t{DnsMnemonics.ToText(Class)}\t{DnsMnemonics.ToText(Type)}";
}
