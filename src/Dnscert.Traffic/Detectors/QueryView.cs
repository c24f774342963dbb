namespace Dnscert.Traffic.Detectors;

/// <summary>
/// What every detector reads of one transaction besides its header: the first question's name in uncompressed wire
/// form (empty when there is no question), its hash, where its zone starts (<see cref="QueryName.ZoneStart"/>) and
/// the zone's hash, and the mixed keys of both hashes and (<see cref="KeyMix.Of"/>) of the client and server addresses.
/// <see cref="DetectorPipeline"/> computes it once per message for all detectors instead of once per detector.
/// </summary>
/// <remarks>
/// The name hash is the one place to switch to a hash the reader computes while parsing, when
/// <see cref="DnsTransaction"/> carries one (the statistics hash the same lower-case name): it must stay a hash of
/// the lower-case wire name, as detectors key subjects and evidence by it.
/// </remarks>
internal readonly ref struct QueryView
{
    public QueryView(ReadOnlySpan<byte> wire, ulong clientKey = 0, ulong serverKey = 0)
    {
        Wire = wire;
        Hash = QueryName.Hash(wire);
        ZoneStart = QueryName.ZoneStart(wire);
        ZoneHash = ZoneStart == 0 ? Hash : QueryName.Hash(wire[ZoneStart..]);
        NameKey = KeyMix.Mix(Hash);
        ZoneKey = ZoneStart == 0 ? NameKey : KeyMix.Mix(ZoneHash);
        ClientKey = clientKey;
        ServerKey = serverKey;
    }

    public ReadOnlySpan<byte> Wire { get; }

    public ulong Hash { get; }

    public int ZoneStart { get; }

    public ulong ZoneHash { get; }

    /// <summary><see cref="KeyMix.Mix"/> of <see cref="Hash"/>: where the name's slot is in the detectors' tables.</summary>
    public ulong NameKey { get; }

    /// <summary><see cref="KeyMix.Mix"/> of <see cref="ZoneHash"/>.</summary>
    public ulong ZoneKey { get; }

    /// <summary><see cref="KeyMix.Of"/> of <see cref="DnsTransaction.Client"/>.</summary>
    public ulong ClientKey { get; }

    /// <summary><see cref="KeyMix.Of"/> of <see cref="DnsTransaction.Server"/>.</summary>
    public ulong ServerKey { get; }

    /// <summary>The name from <see cref="ZoneStart"/> on (the whole name when it is short).</summary>
    public ReadOnlySpan<byte> Zone => Wire[ZoneStart..];

    /// <summary>Copies the first question of <paramref name="transaction"/> into <paramref name="buffer"/> and describes it.</summary>
    public static QueryView Of(in DnsTransaction transaction, Span<byte> buffer)
    {
        var message = transaction.Message;
        var response = message.IsResponse;
        return new(buffer[..QueryName.CopyFirstQuestion(message, buffer)],
            KeyMix.Of(response ? transaction.Destination : transaction.Source), KeyMix.Of(response ? transaction.Source : transaction.Destination));
    }
}
