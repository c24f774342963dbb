using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Records;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC14: RSA DNSKEYs must have a modulus within the size their algorithm allows (RFC 3110, 5155, 5702), and
/// should have at least 2048 bits (NIST SP 800-57). Other algorithms have a fixed size and are not judged here.
/// </summary>
public sealed class KeySizeCheck : CheckBase
{
    public const int RecommendedBits = 2048;

    public static readonly MessageTag NoResponseDnskey = new("NO_RESPONSE_DNSKEY", Severity.Warning, ThreatTypes.DnssecBogus,
        "{ns} answered the DNSKEY query without a DNSKEY RRset, while other servers of the zone serve keys.", "Serve the same signed zone from every server.");
    public static readonly MessageTag SmallerThanRecommended = new("DNSKEY_SMALLER_THAN_REC", Severity.Warning, ThreatTypes.DnssecWeak,
        "The DNSKEY with key tag {keytag} (algorithm {algo_num}, {algo_mnemo}) has {keysize} bits, fewer than the recommended {keysizerec}.", "Roll to an RSA key of at least 2048 bits, or to ECDSA P-256 or Ed25519.");
    public static readonly MessageTag TooSmall = new("DNSKEY_TOO_SMALL_FOR_ALGO", Severity.Error, ThreatTypes.DnssecWeak,
        "The DNSKEY with key tag {keytag} (algorithm {algo_num}, {algo_mnemo}) has {keysize} bits, fewer than the algorithm's minimum of {keysizemin}.", "Roll to a key of a permitted size; validators may reject this one.");
    public static readonly MessageTag TooLarge = new("DNSKEY_TOO_LARGE_FOR_ALGO", Severity.Error, ThreatTypes.DnssecWeak,
        "The DNSKEY with key tag {keytag} (algorithm {algo_num}, {algo_mnemo}) has {keysize} bits, more than the algorithm's maximum of {keysizemax}.", "Roll to a key of a permitted size; validators may reject this one.");
    public static readonly MessageTag SizeOk = new("KEY_SIZE_OK", Severity.Info, null, "No RSA DNSKEY is outside its algorithm's size limits or below the recommended 2048 bits.");

    public override string Id => "DNSSEC14";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoResponseDnskey, SmallerThanRecommended, TooSmall, TooLarge, SizeOk];

    /// <summary>Minimum and maximum modulus sizes by RSA algorithm (the specification's table).</summary>
    public static (int Min, int Max)? Limits(byte algorithm) => algorithm switch
    {
        5 or 7 or 8 => (512, 4096),
        10 => (1024, 4096),
        _ => null,
    };

    /// <summary>The modulus size in bits of an RFC 3110 RSA public key, or null when the key is malformed.</summary>
    public static int? RsaModulusBits(ReadOnlySpan<byte> key)
    {
        if (key.Length < 1)
        {
            return null;
        }

        var (exponentLength, offset) = key[0] != 0 ? (key[0], 1) : key.Length >= 3 ? ((key[1] << 8) | key[2], 3) : (-1, 0);
        if (exponentLength <= 0 || offset + exponentLength >= key.Length)
        {
            return null;
        }

        var modulus = key[(offset + exponentLength)..];
        var skip = 0;
        while (skip < modulus.Length && modulus[skip] == 0)
        {
            skip++;
        }

        return skip == modulus.Length ? 0 : ((modulus.Length - skip - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[skip]));
    }

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var withKeys = DnssecServers.WithKeys(facts).ToList();
        if (withKeys.Count == 0)
        {
            yield break;
        }

        var problems = 0;
        foreach (var s in facts.Servers.Where(s => DnssecServers.Usable(s.Dnskey) is { } m && DnssecServers.Records<DnskeyRecordData>(m.Answers, Dns.RRType.DNSKEY, facts.Zone).Count == 0))
        {
            problems++;
            yield return Emit(NoResponseDnskey, [s.EvidenceOf(s.Dnskey)], ("ns", s.Server));
        }

        var evidence = withKeys.Select(w => w.Server.EvidenceOf(w.Server.Dnskey)).ToList();
        var keys = withKeys.SelectMany(w => w.Keys).DistinctBy(k => (k.Algorithm, Convert.ToHexString(k.PublicKey.Span))).ToList();
        foreach (var key in keys)
        {
            if (Limits(key.Algorithm) is not { } limits || RsaModulusBits(key.PublicKey.Span) is not { } bits)
            {
                continue;
            }

            var args = new List<(string, object)>
            {
                ("keytag", Dns.Dnssec.DnssecKeyTag.Compute(key)), ("algo_num", key.Algorithm), ("algo_mnemo", Dns.Dnssec.DnssecAlgorithms.Name(key.Algorithm)), ("keysize", bits),
            };
            if (bits < limits.Min)
            {
                problems++;
                yield return Emit(TooSmall, evidence, [.. args, ("keysizemin", limits.Min)]);
            }
            else if (bits < RecommendedBits)
            {
                problems++;
                yield return Emit(SmallerThanRecommended, evidence, [.. args, ("keysizerec", RecommendedBits)]);
            }
            else if (bits > limits.Max)
            {
                problems++;
                yield return Emit(TooLarge, evidence, [.. args, ("keysizemax", limits.Max)]);
            }
        }

        if (problems == 0)
        {
            yield return Emit(SizeOk);
        }
    }
}
