using System.Globalization;

namespace Dnscert.Dns;

/// <summary>
/// Mnemonic and number conversion for types and classes, including the RFC 3597 <c>TYPEnnn</c> and
/// <c>CLASSnnn</c> forms. Written as switches, not Enum reflection, so it is trimming-safe and fast.
/// </summary>
public static class DnsMnemonics
{
    private static readonly Dictionary<string, RRType> s_types = BuildTypes();

    public static string ToText(RRType type) => type switch
    {
        RRType.A => "A",
        RRType.NS => "NS",
        RRType.CNAME => "CNAME",
        RRType.SOA => "SOA",
        RRType.PTR => "PTR",
        RRType.HINFO => "HINFO",
        RRType.MX => "MX",
        RRType.TXT => "TXT",
        RRType.AAAA => "AAAA",
        RRType.SRV => "SRV",
        RRType.NAPTR => "NAPTR",
        RRType.DNAME => "DNAME",
        RRType.OPT => "OPT",
        RRType.DS => "DS",
        RRType.SSHFP => "SSHFP",
        RRType.RRSIG => "RRSIG",
        RRType.NSEC => "NSEC",
        RRType.DNSKEY => "DNSKEY",
        RRType.NSEC3 => "NSEC3",
        RRType.NSEC3PARAM => "NSEC3PARAM",
        RRType.TLSA => "TLSA",
        RRType.CDS => "CDS",
        RRType.CDNSKEY => "CDNSKEY",
        RRType.ZONEMD => "ZONEMD",
        RRType.SVCB => "SVCB",
        RRType.HTTPS => "HTTPS",
        RRType.SPF => "SPF",
        RRType.IXFR => "IXFR",
        RRType.AXFR => "AXFR",
        RRType.ANY => "ANY",
        RRType.CAA => "CAA",
        _ => "TYPE" + ((ushort)type).ToString(CultureInfo.InvariantCulture),
    };

    public static string ToText(RRClass @class) => @class switch
    {
        RRClass.IN => "IN",
        RRClass.CH => "CH",
        RRClass.HS => "HS",
        RRClass.NONE => "NONE",
        RRClass.ANY => "ANY",
        _ => "CLASS" + ((ushort)@class).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Accepts a mnemonic (any case) or <c>TYPEnnn</c>.</summary>
    public static bool TryParseType(string? text, out RRType type)
    {
        type = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (s_types.TryGetValue(text, out type))
        {
            return true;
        }

        if (TryParseNumbered(text, "TYPE", out var value))
        {
            type = (RRType)value;
            return true;
        }

        return false;
    }

    /// <summary>Accepts IN, CH, HS, NONE, ANY (any case) or <c>CLASSnnn</c>.</summary>
    public static bool TryParseClass(string? text, out RRClass @class)
    {
        @class = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var known in (ReadOnlySpan<RRClass>)[RRClass.IN, RRClass.CH, RRClass.HS, RRClass.NONE, RRClass.ANY])
        {
            if (string.Equals(text, ToText(known), StringComparison.OrdinalIgnoreCase))
            {
                @class = known;
                return true;
            }
        }

        if (TryParseNumbered(text, "CLASS", out var value))
        {
            @class = (RRClass)value;
            return true;
        }

        return false;
    }

    private static bool TryParseNumbered(string text, string prefix, out ushort value)
    {
        value = 0;
        return text.Length > prefix.Length
            && text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && char.IsAsciiDigit(text[prefix.Length])
            && ushort.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static Dictionary<string, RRType> BuildTypes()
    {
        var map = new Dictionary<string, RRType>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i <= 300; i++)
        {
            var text = ToText((RRType)i);
            if (!text.StartsWith("TYPE", StringComparison.Ordinal))
            {
                map[text] = (RRType)i;
            }
        }

        return map;
    }
}
