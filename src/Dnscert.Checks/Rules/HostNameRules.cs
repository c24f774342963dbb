using Dnscert.Dns;

namespace Dnscert.Checks.Rules;

/// <summary>
/// The letter-digit-hyphen rules for names (RFC 952, RFC 1123 §2.1, RFC 3696 §2 and §5) as Zonemaster's
/// Syntax module applies them, on the label octets as sent (so an escaped "\." or "@" is one octet).
/// </summary>
public static class HostNameRules
{
    /// <summary>True when every label holds only ASCII letters, digits and hyphens (the root has no label).</summary>
    public static bool OnlyAllowedCharacters(DomainName name)
    {
        for (var i = 0; i < name.LabelCount; i++)
        {
            foreach (var b in name.GetLabel(i))
            {
                if (!(b == (byte)'-' || char.IsAsciiLetterOrDigit((char)b)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static bool StartsWithHyphen(ReadOnlySpan<byte> label) => label.Length > 0 && label[0] == (byte)'-';

    public static bool EndsWithHyphen(ReadOnlySpan<byte> label) => label.Length > 0 && label[^1] == (byte)'-';

    /// <summary>"--" in positions 3 and 4 is reserved for tagged labels (RFC 5891 §4.2.3.1); only "xn--" is in use.</summary>
    public static bool DiscouragedDoubleDash(ReadOnlySpan<byte> label) =>
        label.Length >= 4 && label[2] == (byte)'-' && label[3] == (byte)'-'
        && !((label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n');

    /// <summary>One label in presentation form (special octets escaped), for messages.</summary>
    public static string LabelText(ReadOnlySpan<byte> label)
    {
        var text = DomainName.Root.Prepend(label).ToString();
        return text[..^1];
    }

    /// <summary>Every finding for one host name; the root name has none.</summary>
    public static HostNameFindings Judge(DomainName name)
    {
        var doubleDash = new List<string>();
        string? numericTld = null;
        var count = name.LabelCount;
        for (var i = 0; i < count; i++)
        {
            if (DiscouragedDoubleDash(name.GetLabel(i)))
            {
                doubleDash.Add(LabelText(name.GetLabel(i)));
            }
        }

        if (count > 0)
        {
            var tld = name.GetLabel(count - 1);
            var digits = true;
            foreach (var b in tld)
            {
                digits &= char.IsAsciiDigit((char)b);
            }

            numericTld = digits ? LabelText(tld) : null;
        }

        return new HostNameFindings(!OnlyAllowedCharacters(name), doubleDash, numericTld);
    }
}
