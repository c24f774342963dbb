namespace Dnscert.Checks.Engine;

/// <summary>One exchange as saved by <c>--record</c>: the probe key, what was sent and what came back.</summary>
public sealed class RecordedExchange
{
    public string Key { get; set; } = "";

    public string Server { get; set; } = "";

    public string Protocol { get; set; } = "";

    /// <summary>answered, timed-out, refused, id-mismatch, question-mismatch, malformed or network-error.</summary>
    public string Outcome { get; set; } = "";

    public string Query { get; set; } = "";

    public string? Response { get; set; }

    public double ElapsedMilliseconds { get; set; }

    public string? Reason { get; set; }

    public int? ExpectedId { get; set; }

    public int? ReceivedId { get; set; }

    /// <summary>The address the answer came from, for the any-source probe of NAMESERVER04 only.</summary>
    public string? AnsweredFrom { get; set; }
}
