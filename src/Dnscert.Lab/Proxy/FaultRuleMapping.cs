using Dnscert.Core;
using Dnscert.Lab.Scenarios;

namespace Dnscert.Lab.Proxy;

/// <summary>Turns a scenario's fault (kebab-case words in JSON) into the proxy's rule.</summary>
public static class FaultRuleMapping
{
    public static FaultRule ToRule(FaultSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(spec.Kind switch
        {
            "drop" => FaultKind.Drop,
            "drop-tcp" => FaultKind.DropTcp,
            "truncate-udp" => FaultKind.TruncateUdp,
            "wrong-id" => FaultKind.WrongId,
            "garbage" => FaultKind.Garbage,
            "compression-loop" => FaultKind.CompressionLoop,
            "slow-drip-tcp" => FaultKind.SlowDripTcp,
            "refused" => FaultKind.Refused,
            "servfail" => FaultKind.ServFail,
            "add-answer" => FaultKind.AddAnswer,
            "oversized-udp" => FaultKind.OversizedUdp,
            "answer-from-other-address" => FaultKind.AnswerFromOtherAddress,
            _ => throw new DnscertException($"unknown fault kind '{spec.Kind}'."),
        })
        {
            QTypes = spec.Qtypes ?? [],
            Transport = spec.Transport ?? "both",
            Records = spec.Records ?? [],
            QName = spec.Qname,
        };
    }
}
