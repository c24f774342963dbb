using Dnscert.Core;
using Dnscert.Dns;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Engine;

/// <summary>
/// The root trust anchor the chain of trust starts from: DS and/or DNSKEY records for the root. The IANA root
/// KSKs (KSK-2017 and KSK-2024) are compiled in and used when the run starts from IANA's root servers; a
/// private root (the lab, a test bed) needs its own anchor, given with <c>--trust-anchor</c>.
/// </summary>
public sealed class TrustAnchor
{
    private TrustAnchor(string source, IReadOnlyList<DsRecordData> ds, IReadOnlyList<DnskeyRecordData> keys)
    {
        Source = source;
        Ds = ds;
        Keys = keys;
    }

    /// <summary>KSK-2017 (20326) and KSK-2024 (38696), both algorithm 8, SHA-256 digests as IANA publishes them.</summary>
    public static TrustAnchor Iana { get; } = new("IANA root KSK-2017 and KSK-2024",
    [
        (DsRecordData)RecordData.Parse(RRType.DS, "20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"),
        (DsRecordData)RecordData.Parse(RRType.DS, "38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16"),
    ], []);

    public string Source { get; }

    public IReadOnlyList<DsRecordData> Ds { get; }

    public IReadOnlyList<DnskeyRecordData> Keys { get; }

    public static TrustAnchor Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException ex)
        {
            throw new DnscertException($"--trust-anchor: cannot read {path}: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DnscertException($"--trust-anchor: cannot read {path}: {ex.Message}", ex);
        }

        return Parse(lines, Path.GetFileName(path));
    }

    /// <summary>
    /// Presentation-format lines <c>OWNER [TTL] [CLASS] DS|DNSKEY RDATA</c> (what <c>dnssec-dsfromkey</c> and
    /// <c>dnssec-keygen</c> write); comments after ';' and blank lines are ignored. Only root anchors are taken,
    /// because the walk starts at the root.
    /// </summary>
    public static TrustAnchor Parse(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var (ds, keys) = (new List<DsRecordData>(), new List<DnskeyRecordData>());
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Split(';', 2)[0];
            var tokens = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
            {
                continue;
            }

            var typeAt = Array.FindIndex(tokens, t => t.Equals("DS", StringComparison.OrdinalIgnoreCase) || t.Equals("DNSKEY", StringComparison.OrdinalIgnoreCase));
            if (typeAt < 1 || typeAt == tokens.Length - 1)
            {
                throw new DnscertException($"--trust-anchor {source} line {number}: not a DS or DNSKEY record.");
            }

            if (!DomainName.TryParse(tokens[0], out var owner) || !owner.IsRoot)
            {
                throw new DnscertException($"--trust-anchor {source} line {number}: the owner must be the root (.), not '{tokens[0]}'.");
            }

            var isDs = tokens[typeAt].Equals("DS", StringComparison.OrdinalIgnoreCase);
            var rdata = string.Join(' ', tokens[(typeAt + 1)..]);
            try
            {
                if (isDs)
                {
                    ds.Add((DsRecordData)RecordData.Parse(RRType.DS, rdata));
                }
                else
                {
                    keys.Add((DnskeyRecordData)RecordData.Parse(RRType.DNSKEY, rdata));
                }
            }
            catch (FormatException ex)
            {
                throw new DnscertException($"--trust-anchor {source} line {number}: {ex.Message}", ex);
            }
        }

        return ds.Count + keys.Count == 0
            ? throw new DnscertException($"--trust-anchor {source}: no DS or DNSKEY record for the root.")
            : new TrustAnchor(source, ds, keys);
    }
}
