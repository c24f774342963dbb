namespace Dnscert.Core.Store;

/// <summary>
/// What a zone looked like when an analyst last confirmed it: the monitor reports changes against it (a new name
/// server, a removed DS, a serial that went backwards). Record sets are presentation-format strings, sorted.
/// </summary>
public sealed record ZoneBaseline(
    string Zone,
    IReadOnlyList<string> NameServers,
    IReadOnlyList<string> DsRecords,
    IReadOnlyList<string> DnskeyRecords,
    IReadOnlyList<string> GlueAddresses,
    long? SoaSerial,
    DateTimeOffset ConfirmedAt);
