using Dnscert.Core.Store;

namespace Dnscert.Exchange;

/// <summary>
/// The TLP 2.0 labels as the exchange formats spell them: the MISP <c>tlp</c> taxonomy tag and the STIX 2.1 marking
/// definitions with the fixed ids that FIRST publishes for TLP 2.0 (a consumer recognises TLP by these ids, so they
/// are constants, never derived).
/// </summary>
public sealed record TlpMarking(Tlp Tlp, string Value, string StixId)
{
    /// <summary>When FIRST's TLP 2.0 marking definitions were created (their <c>created</c> property).</summary>
    public const string StixCreated = "2022-10-01T00:00:00.000Z";

    /// <summary>The extension definition the TLP 2.0 marking definitions carry.</summary>
    public const string StixExtensionId = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private static readonly TlpMarking[] s_all =
    [
        new(Tlp.Clear, "clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"),
        new(Tlp.Green, "green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"),
        new(Tlp.Amber, "amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"),
        new(Tlp.AmberStrict, "amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"),
        new(Tlp.Red, "red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"),
    ];

    public static IReadOnlyList<TlpMarking> All => s_all;

    /// <summary>The MISP tag, <c>tlp:amber+strict</c>.</summary>
    public string MispTag => "tlp:" + Value;

    /// <summary>The STIX marking name, <c>TLP:AMBER+STRICT</c>.</summary>
    public string StixName => "TLP:" + Value.ToUpperInvariant();

    public static TlpMarking For(Tlp tlp) => s_all[(int)tlp];

    /// <summary>The label of a MISP tag (<c>tlp:amber</c>, case-insensitive; TLP 1.0's <c>tlp:white</c> reads as CLEAR), or null.</summary>
    public static TlpMarking? FromMispTag(string tag)
    {
        if (string.Equals(tag, "tlp:white", StringComparison.OrdinalIgnoreCase))
        {
            return s_all[0];
        }

        return Array.Find(s_all, m => string.Equals(m.MispTag, tag, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The label of a STIX marking-definition id (TLP 2.0), or null.</summary>
    public static TlpMarking? FromStixId(string id) => Array.Find(s_all, m => string.Equals(m.StixId, id, StringComparison.Ordinal));
}
