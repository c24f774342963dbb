namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The first question's name of one transaction as every detector reads it: the uncompressed wire form (empty when
/// there is no question), its hash, where its zone starts (<see cref="QueryName.ZoneStart"/>) and the zone's hash.
/// <see cref="DetectorPipeline"/> computes it once per message for all detectors instead of once per detector.
/// </summary>
internal readonly ref struct QueryView
{
    public QueryView(ReadOnlySpan<byte> wire)
    {
        Wire = wire;
        Hash = QueryName.Hash(wire);
        ZoneStart = QueryName.ZoneStart(wire);
        ZoneHash = ZoneStart == 0 ? Hash : QueryName.Hash(wire[ZoneStart..]);
    }

    /// <summary>From the name the reader already read, hashed and split (<see cref="DnsTransaction.QuestionName"/>): no copy, one short hash for the zone.</summary>
    public QueryView(QuestionName name)
    {
        Wire = name.Wire;
        Hash = name.Hash;
        // The rule of QueryName.ZoneStart, on the label starts the reader found.
        ZoneStart = name.LabelCount <= 2 ? 0 : Wire[name.LastLabel] == 2 && Wire[name.SecondLastLabel] <= 3 ? name.ThirdLastLabel : name.SecondLastLabel;
        ZoneHash = ZoneStart == 0 ? Hash : QuestionName.FoldedHash(Wire[ZoneStart..]);
    }

    public ReadOnlySpan<byte> Wire { get; }

    public ulong Hash { get; }

    public int ZoneStart { get; }

    public ulong ZoneHash { get; }

    /// <summary>The name from <see cref="ZoneStart"/> on (the whole name when it is short).</summary>
    public ReadOnlySpan<byte> Zone => Wire[ZoneStart..];

    /// <summary>Copies the first question of <paramref name="message"/> into <paramref name="buffer"/> and describes it.</summary>
    public static QueryView Of(Dnscert.Dns.Wire.DnsMessage message, Span<byte> buffer) =>
        new(buffer[..QueryName.CopyFirstQuestion(message, buffer)]);
}
