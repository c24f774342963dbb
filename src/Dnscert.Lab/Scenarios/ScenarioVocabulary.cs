using System.Text.RegularExpressions;

namespace Dnscert.Lab.Scenarios;

/// <summary>The closed sets of words a scenario file may use.</summary>
public static partial class ScenarioVocabulary
{
    public static readonly IReadOnlySet<string> Software = new HashSet<string>(StringComparer.Ordinal) { "nsd", "knot", "bind", "fault", "none" };

    public static readonly IReadOnlySet<string> Backends = new HashSet<string>(StringComparer.Ordinal) { "nsd", "knot", "bind", "none" };

    public static readonly IReadOnlySet<string> DsModes = new HashSet<string>(StringComparer.Ordinal) { "auto", "none", "mismatch", "explicit" };

    public static readonly IReadOnlySet<string> FaultKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "drop", "drop-tcp", "truncate-udp", "wrong-id", "garbage", "compression-loop", "slow-drip-tcp",
        "refused", "servfail", "add-answer", "oversized-udp", "answer-from-other-address",
    };

    /// <summary>Algorithm mnemonic to its number (RFC 8624 table); the lab signs with BIND's tools.</summary>
    public static readonly IReadOnlyDictionary<string, int> Algorithms = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["RSASHA1"] = 5,
        ["NSEC3RSASHA1"] = 7,
        ["RSASHA256"] = 8,
        ["RSASHA512"] = 10,
        ["ECDSAP256SHA256"] = 13,
        ["ECDSAP384SHA384"] = 14,
        ["ED25519"] = 15,
        ["ED448"] = 16,
    };

    public static bool IsTag(string tag) => TagPattern().IsMatch(tag);

    public static bool IsVariantName(string name) => VariantPattern().IsMatch(name);

    [GeneratedRegex("^[A-Z][A-Z0-9_]*[A-Z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex VariantPattern();
}
