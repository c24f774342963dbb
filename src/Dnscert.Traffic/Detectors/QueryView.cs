namespace Dnscert.Traffic.Detectors;

/// <summary>
/// What every detector reads of one transaction besides its header: the first question's name in uncompressed wire
/// form (empty when there is no question), its hash, where its zone starts (<see cref="QueryName.ZoneStart"/>) and
/// the zone's hash, and the mixed keys of both hashes and (<see cref="KeyMix.Of"/>) of the client and server addresses.
/// <see cref="DetectorPipeline"/> computes it once per message for all detectors instead of once per detector.
/// </summary>
/// <remarks>
/// The zone's hash is the detectors' own (<see cref="KeyMix.FoldedBytes"/>, seeded, eight bytes a step), not the
/// reader's name hash: a zone is hashed once per message and the detectors only compare zones with zones.
/// The name, its hash and its label starts come from the reader (<see cref="DnsTransaction.QuestionName"/>, shared with
/// the statistics); <see cref="QueryName.Hash"/> is the same folded hash, for names not read by a reader.
/// </remarks>
internal readonly ref struct QueryView
{
    public QueryView(ReadOnlySpan<byte> wire, ulong clientKey = 0, ulong serverKey = 0)
    {
        Wire = wire;
        Hash = QueryName.Hash(wire);
        ZoneStart = QueryName.ZoneStart(wire);
        ZoneHash = KeyMix.FoldedBytes(wire[ZoneStart..]);
        NameKey = KeyMix.Mix(Hash);
        ZoneKey = KeyMix.Mix(ZoneHash);
        ClientKey = clientKey;
        ServerKey = serverKey;
    }

    /// <summary>From the name the reader already read, hashed and split (<see cref="DnsTransaction.QuestionName"/>): no copy, one short hash for the zone.</summary>
    public QueryView(QuestionName name, ulong clientKey = 0, ulong serverKey = 0)
    {
        Wire = name.Wire;
        Hash = name.Hash;
        // The rule of QueryName.ZoneStart, on the label starts the reader found.
        ZoneStart = name.LabelCount <= 2 ? 0 : Wire[name.LastLabel] == 2 && Wire[name.SecondLastLabel] <= 3 ? name.ThirdLastLabel : name.SecondLastLabel;
        ZoneHash = KeyMix.FoldedBytes(Wire[ZoneStart..]);
        NameKey = KeyMix.Mix(Hash);
        ZoneKey = KeyMix.Mix(ZoneHash);
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

    /// <summary>Describes <paramref name="transaction"/>'s question name (read by the reader) and addresses.</summary>
    public static QueryView Of(in DnsTransaction transaction)
    {
        var response = transaction.Message.IsResponse;
        return new(transaction.QuestionName,
            KeyMix.Of(response ? transaction.Destination : transaction.Source), KeyMix.Of(response ? transaction.Source : transaction.Destination));
    }
}
