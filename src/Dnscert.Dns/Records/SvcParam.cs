namespace Dnscert.Dns.Records;

/// <summary>One SVCB/HTTPS parameter (RFC 9460 §2.2): key number and raw value.</summary>
public readonly record struct SvcParam(ushort Key, ReadOnlyMemory<byte> Value)
{
    public const ushort Mandatory = 0;
    public const ushort Alpn = 1;
    public const ushort NoDefaultAlpn = 2;
    public const ushort Port = 3;
    public const ushort Ipv4Hint = 4;
    public const ushort Ech = 5;
    public const ushort Ipv6Hint = 6;
    public const ushort DohPath = 7;
    public const ushort Ohttp = 8;
}
