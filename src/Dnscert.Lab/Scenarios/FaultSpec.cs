namespace Dnscert.Lab.Scenarios;

/// <summary>One misbehaviour of a <c>fault</c> server, in scenario JSON.</summary>
public sealed class FaultSpec
{
    /// <summary>
    /// <c>drop</c>, <c>drop-tcp</c>, <c>truncate-udp</c>, <c>wrong-id</c>, <c>garbage</c>, <c>compression-loop</c>,
    /// <c>slow-drip-tcp</c>, <c>refused</c>, <c>servfail</c>, <c>add-answer</c>, <c>oversized-udp</c> or
    /// <c>answer-from-other-address</c>.
    /// </summary>
    public string? Kind { get; set; }

    public List<string>? Qtypes { get; set; }

    public string? Transport { get; set; }

    public string? Qname { get; set; }

    public List<string>? Records { get; set; }
}
