namespace Dnscert.Lab.Signing;

/// <summary>The key files of one zone: their base paths (without .key/.private).</summary>
public sealed record ZoneKeys(string Zone, IReadOnlyList<string> SepKeys, IReadOnlyList<string> ZoneSigningKeys)
{
    public IEnumerable<string> All => SepKeys.Concat(ZoneSigningKeys);
}
