namespace Dnscert.Traffic.Decode;

/// <summary>Receives one complete DNS message cut from a TCP stream; the memory is valid only during the call.</summary>
internal delegate void TcpMessageSink(in TcpFlowKey flow, long ticks, ReadOnlyMemory<byte> message);
