namespace Dnscert.Checks.Engine;

/// <summary>One whois exchange as saved by <c>--record</c>: the question, the server asked and its text or failure.</summary>
public sealed class RecordedWhoisExchange
{
    public string Query { get; set; } = "";

    /// <summary>The server as the run named it (HOST[:PORT] or an address), shown in evidence.</summary>
    public string ServerName { get; set; } = "";

    /// <summary>The address and port the question went to.</summary>
    public string Server { get; set; } = "";

    /// <summary>The whole answer text; null when the exchange failed.</summary>
    public string? Response { get; set; }

    /// <summary>Why there is no answer (timed out, refused, too large, network error); null when answered.</summary>
    public string? Failure { get; set; }

    public double ElapsedMilliseconds { get; set; }
}
