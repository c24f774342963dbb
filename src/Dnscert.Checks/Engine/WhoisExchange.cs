using System.Net;

namespace Dnscert.Checks.Engine;

/// <summary>
/// One whois question (RFC 3912) and what came back: the text when the server answered and closed, else why not
/// (<see cref="Failure"/>: timed out, refused, answer too large, network error).
/// </summary>
public sealed record WhoisExchange(string ServerName, IPEndPoint Server, string Query, string? Response, string? Failure, TimeSpan Elapsed)
{
    public bool Answered => Failure is null;
}
