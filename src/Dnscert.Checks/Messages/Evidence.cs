using System.Net;

namespace Dnscert.Checks.Messages;

/// <summary>What proves a message: which server was asked what, over which transport, and what came back.</summary>
public sealed record Evidence(
    string Server,
    IPAddress Address,
    string Query,
    string Transport,
    string Outcome,
    TimeSpan Elapsed,
    ReadOnlyMemory<byte> QueryBytes,
    ReadOnlyMemory<byte> ResponseBytes);
