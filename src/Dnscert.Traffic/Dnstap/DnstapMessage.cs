namespace Dnscert.Traffic.Dnstap;

/// <summary>
/// The fields of one dnstap Message that dnscert uses (identity of the sender, type, socket, addresses,
/// ports, times and the wire messages). Field numbers follow the public dnstap.proto schema.
/// </summary>
public sealed class DnstapMessage
{
    public string Identity { get; set; } = string.Empty;

    public DnstapMessageType Type { get; set; }

    /// <summary>1 = IPv4, 2 = IPv6.</summary>
    public int SocketFamily { get; set; }

    /// <summary>1 UDP, 2 TCP, 3 DoT, 4 DoH, 5/6 DNSCrypt UDP/TCP, 7 DoQ.</summary>
    public int SocketProtocol { get; set; }

    public ReadOnlyMemory<byte> QueryAddress { get; set; }

    public ReadOnlyMemory<byte> ResponseAddress { get; set; }

    public uint QueryPort { get; set; }

    public uint ResponsePort { get; set; }

    public DateTimeOffset? QueryTime { get; set; }

    public DateTimeOffset? ResponseTime { get; set; }

    public ReadOnlyMemory<byte> QueryMessage { get; set; }

    public ReadOnlyMemory<byte> ResponseMessage { get; set; }

    /// <summary>True for the *_RESPONSE types (even numbers).</summary>
    public bool IsResponse => (int)Type % 2 == 0;
}
