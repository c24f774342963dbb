namespace Dnscert.UnitTests.Dns.Transport;

/// <summary>How the loopback responder behaves on a TCP connection.</summary>
public enum TcpBehaviour
{
    Answer,
    AcceptAndStall,
    Drip,
    CloseAfterPrefix,
}
