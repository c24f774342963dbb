namespace Dnscert.Lab.Proxy;

/// <summary>
/// A misbehaviour the lab proxy plants on answers. Test equipment only: each kind imitates a
/// broken or hostile name server that NSD, Knot and BIND will not be made to be.
/// </summary>
public enum FaultKind
{
    /// <summary>Never answer (UDP: ignore; TCP: read, never write, close after 30 s or on stop).</summary>
    Drop,

    /// <summary>TCP connections are accepted and closed at once; UDP is relayed normally.</summary>
    DropTcp,

    /// <summary>Every UDP answer becomes header + question with TC=1; TCP is relayed normally.</summary>
    TruncateUdp,

    /// <summary>The answer id is XORed with 0x5A5A.</summary>
    WrongId,

    /// <summary>The answer is 40 to 200 random bytes.</summary>
    Garbage,

    /// <summary>The answer's first answer-section owner name is a compression pointer to itself.</summary>
    CompressionLoop,

    /// <summary>The TCP answer is written one byte every 200 ms.</summary>
    SlowDripTcp,

    /// <summary>Answer REFUSED with the question echoed.</summary>
    Refused,

    /// <summary>Answer SERVFAIL with the question echoed.</summary>
    ServFail,

    /// <summary>Append the rule's records to the answer section of the backend's answer.</summary>
    AddAnswer,

    /// <summary>Pad the UDP answer past 512 bytes or the client's EDNS size without setting TC.</summary>
    OversizedUdp,

    /// <summary>
    /// UDP answers leave from another loopback address (<see cref="ProxyEndpointRunner.OtherAddress"/>: the listen address
    /// with the high bit of its last octet flipped), as a multi-homed server that does not bind each address would;
    /// TCP is relayed normally. NAMESERVER04's fault.
    /// </summary>
    AnswerFromOtherAddress,
}
