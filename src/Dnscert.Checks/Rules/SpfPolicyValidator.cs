using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dnscert.Checks.Rules;

/// <summary>
/// Syntax check of an SPF version 1 policy against the ABNF of RFC 7208 (§4.5 onwards, §5, §6, §7).
/// Hand-written on purpose: no maintained .NET library validates SPF syntax (the few NuGet packages either
/// evaluate policies with network access or are unmaintained), and the grammar is small enough to follow
/// rule by rule here. Pure and total: any input gives a <see cref="SpfValidation"/>, never an exception,
/// and the work is linear in the input, which is capped at <see cref="MaxLength"/> characters.
/// </summary>
public static class SpfPolicyValidator
{
    /// <summary>A TXT RDATA holds at most 65535 octets, so no genuine policy is longer.</summary>
    public const int MaxLength = 65535;

    private const string Version = "v=spf1";

    /// <summary>
    /// Validates one policy, given as the concatenated strings of one TXT record, each octet as one char
    /// (Latin-1), so octets outside printable ASCII stay visible to the check.
    /// </summary>
    public static SpfValidation Validate(string? policy)
    {
        if (policy is null)
        {
            return Fail("no policy", 0, []);
        }

        if (policy.Length > MaxLength)
        {
            return Fail(Invariant($"the policy is {policy.Length} characters long, more than a TXT record can hold"), MaxLength, []);
        }

        if (!policy.StartsWith(Version, StringComparison.OrdinalIgnoreCase) || (policy.Length > Version.Length && policy[Version.Length] != ' '))
        {
            return Fail("the policy does not start with \"v=spf1\" followed by a space or the end", 0, []);
        }

        var terms = new List<string>();
        var lookups = 0;
        var seenRedirect = false;
        var seenExp = false;
        var i = Version.Length;
        while (i < policy.Length)
        {
            // terms = *( 1*SP ( directive / modifier ) ) and trailing *SP: only the space separates terms.
            if (policy[i] == ' ')
            {
                i++;
                continue;
            }

            var end = policy.IndexOf(' ', i);
            if (end < 0)
            {
                end = policy.Length;
            }

            var term = policy[i..end];
            var error = CheckTerm(term, out var offset, out var lookup, out var modifier);
            if (error is not null)
            {
                return Fail(Invariant($"term \"{Visible(term)}\": {error}"), i + offset, terms);
            }

            // RFC 7208 §6: redirect and exp may each appear once; a second one is a permanent error.
            if (modifier == "redirect")
            {
                if (seenRedirect)
                {
                    return Fail("the redirect modifier appears more than once", i, terms);
                }

                seenRedirect = true;
            }
            else if (modifier == "exp")
            {
                if (seenExp)
                {
                    return Fail("the exp modifier appears more than once", i, terms);
                }

                seenExp = true;
            }

            lookups += lookup ? 1 : 0;
            terms.Add(term);
            i = end;
        }

        return new SpfValidation(true, null, 0, terms) { DnsLookupTerms = lookups };
    }

    private static SpfValidation Fail(string error, int position, List<string> terms) => new(false, error, position, [.. terms]);

    /// <summary>Checks one term; returns the error (null when valid) and the offset of the fault in the term.</summary>
    private static string? CheckTerm(string term, out int offset, out bool lookup, out string? modifier)
    {
        offset = 0;
        lookup = false;
        modifier = null;
        for (var k = 0; k < term.Length; k++)
        {
            if (term[k] is < '!' or > '~')
            {
                offset = k;
                return Invariant($"character 0x{(int)term[k]:X2} is not printable ASCII");
            }
        }

        var nameEnd = term.IndexOfAny([':', '/', '=']);
        if (nameEnd >= 0 && term[nameEnd] == '=')
        {
            // modifier = redirect / explanation / unknown-modifier (name "=" macro-string)
            var name = term[..nameEnd];
            var value = term[(nameEnd + 1)..];
            if (!IsModifierName(name))
            {
                return "not a valid modifier name";
            }

            modifier = name.ToLowerInvariant();
            if (modifier is "redirect" or "exp")
            {
                lookup = modifier == "redirect";
                offset = nameEnd + 1;
                return CheckDomainSpec(value, allowExpLetters: false);
            }

            offset = nameEnd + 1;
            // Unknown modifiers are ignored by evaluators, so the explanation-only letters are not held against them.
            return CheckMacroString(value, allowExpLetters: true, out _);
        }

        var body = term;
        if (body.Length > 0 && body[0] is '+' or '-' or '?' or '~')
        {
            body = body[1..];
            offset = 1;
        }

        var split = body.IndexOfAny([':', '/']);
        var mechanism = (split < 0 ? body : body[..split]).ToLowerInvariant();
        var rest = split < 0 ? "" : body[split..];
        var restOffset = offset + (split < 0 ? body.Length : split);
        string? error;
        switch (mechanism)
        {
            case "all":
                error = rest.Length == 0 ? null : "all takes no argument";
                break;
            case "include":
            case "exists":
                lookup = true;
                error = rest.StartsWith(':') ? CheckDomainSpec(rest[1..], false) : $"{mechanism} needs \":\" and a domain";
                break;
            case "a":
            case "mx":
                lookup = true;
                error = CheckHostMechanism(rest);
                break;
            case "ptr":
                lookup = true;
                error = rest.Length == 0 ? null : rest.StartsWith(':') ? CheckDomainSpec(rest[1..], false) : "ptr takes no prefix length";
                break;
            case "ip4":
                error = rest.StartsWith(':') ? CheckNetwork(rest[1..], AddressFamily.InterNetwork, 32) : "ip4 needs \":\" and an address";
                break;
            case "ip6":
                error = rest.StartsWith(':') ? CheckNetwork(rest[1..], AddressFamily.InterNetworkV6, 128) : "ip6 needs \":\" and an address";
                break;
            default:
                offset = 0;
                return "not a known mechanism, and not a modifier (no \"=\")";
        }

        if (error is not null)
        {
            offset = restOffset;
        }

        return error;
    }

    /// <summary>a and mx: [ ":" domain-spec ] [ dual-cidr-length ].</summary>
    private static string? CheckHostMechanism(string rest)
    {
        // The prefix lengths end the term; a domain-spec cannot end in "/digits" (its end is a top label or a
        // macro), so taking them off the end first is the only reading that can succeed.
        var domain = rest;
        var ip6Cidr = TrailingCidr(domain, "//");
        if (ip6Cidr >= 0)
        {
            if (!IsCidr(domain[(ip6Cidr + 2)..], 128))
            {
                return "the IPv6 prefix length is not 0-128 without leading zeros";
            }

            domain = domain[..ip6Cidr];
        }

        var ip4Cidr = TrailingCidr(domain, "/");
        if (ip4Cidr >= 0)
        {
            if (!IsCidr(domain[(ip4Cidr + 1)..], 32))
            {
                return "the IPv4 prefix length is not 0-32 without leading zeros";
            }

            domain = domain[..ip4Cidr];
        }

        if (domain.Length == 0)
        {
            return null;
        }

        return domain[0] == ':' ? CheckDomainSpec(domain[1..], false) : "unexpected text after the mechanism name";
    }

    /// <summary>Index of <paramref name="marker"/> followed by digits only up to the end, or -1.</summary>
    private static int TrailingCidr(string text, string marker)
    {
        var k = text.Length;
        while (k > 0 && char.IsAsciiDigit(text[k - 1]))
        {
            k--;
        }

        if (k == text.Length || k < marker.Length || !text.AsSpan(k - marker.Length, marker.Length).SequenceEqual(marker))
        {
            return -1;
        }

        // "a//64" must not be read as an IPv4 length "/64" after an empty "/".
        return marker == "/" && k >= 2 && text[k - 2] == '/' ? -1 : k - marker.Length;
    }

    private static bool IsCidr(string digits, int max) =>
        digits.Length is > 0 and <= 3 && digits.All(char.IsAsciiDigit) && (digits.Length == 1 || digits[0] != '0')
        && int.Parse(digits, CultureInfo.InvariantCulture) <= max;

    private static string? CheckNetwork(string value, AddressFamily family, int maxPrefix)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? value : value[..slash];
        if (slash >= 0 && !IsCidr(value[(slash + 1)..], maxPrefix))
        {
            return Invariant($"the prefix length is not 0-{maxPrefix} without leading zeros");
        }

        return family == AddressFamily.InterNetwork
            ? IsIp4(address) ? null : "not a dotted-quad IPv4 address"
            : IsIp6(address) ? null : "not an IPv6 address";
    }

    /// <summary>ip4-network: four qnum, each 0-255 written without leading zeros.</summary>
    private static bool IsIp4(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => IsCidr(p, 255));
    }

    /// <summary>RFC 4291 §2.2 text forms only: hex groups, "::", an optional dotted-quad tail; no zone index.</summary>
    private static bool IsIp6(string text)
    {
        if (text.Length is 0 or > 45 || !text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.'))
        {
            return false;
        }

        var lastColon = text.LastIndexOf(':');
        if (lastColon < 0 || (text.Contains('.', StringComparison.Ordinal) && !IsIp4(text[(lastColon + 1)..])))
        {
            return false;
        }

        return IPAddress.TryParse(text, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6;
    }

    /// <summary>name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ).</summary>
    private static bool IsModifierName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand.</summary>
    private static string? CheckDomainSpec(string value, bool allowExpLetters)
    {
        if (value.Length == 0)
        {
            return "the domain is empty";
        }

        var error = CheckMacroString(value, allowExpLetters, out var lastMacroEnd);
        if (error is not null)
        {
            return error;
        }

        if (lastMacroEnd == value.Length)
        {
            return null;
        }

        var tail = value[lastMacroEnd..];
        if (tail.EndsWith('.'))
        {
            tail = tail[..^1];
        }

        var dot = tail.LastIndexOf('.');
        return dot >= 0 && IsTopLabel(tail[(dot + 1)..]) ? null : "the domain does not end with a valid top label (or a macro)";
    }

    /// <summary>toplabel: letters, digits and inner hyphens; without a hyphen, at least one letter.</summary>
    private static bool IsTopLabel(string label)
    {
        if (label.Length == 0 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return false;
        }

        return label.Contains('-', StringComparison.Ordinal)
            ? label.Length >= 3 && char.IsAsciiLetterOrDigit(label[0]) && char.IsAsciiLetterOrDigit(label[^1])
            : label.Any(char.IsAsciiLetter);
    }

    /// <summary>
    /// macro-string = *( macro-expand / macro-literal ); returns the error, and where the last macro-expand
    /// ended (0 when there is none), which <see cref="CheckDomainSpec"/> needs for domain-end.
    /// </summary>
    private static string? CheckMacroString(string value, bool allowExpLetters, out int lastMacroEnd)
    {
        lastMacroEnd = 0;
        var k = 0;
        while (k < value.Length)
        {
            var c = value[k];
            if (c != '%')
            {
                if (c is < '!' or > '~')
                {
                    return "a character outside printable ASCII";
                }

                k++;
                continue;
            }

            if (k + 1 >= value.Length)
            {
                return "\"%\" at the end: write \"%%\" for a percent sign";
            }

            var next = value[k + 1];
            if (next is '%' or '_' or '-')
            {
                k += 2;
                lastMacroEnd = k;
                continue;
            }

            if (next != '{')
            {
                return "\"%\" must be followed by \"{\", \"%\", \"_\" or \"-\"";
            }

            var close = value.IndexOf('}', k + 2);
            if (close < 0)
            {
                return "a macro \"%{\" is not closed";
            }

            var error = CheckMacroBody(value[(k + 2)..close], allowExpLetters);
            if (error is not null)
            {
                return error;
            }

            k = close + 1;
            lastMacroEnd = k;
        }

        return null;
    }

    /// <summary>macro-letter transformers *delimiter, between "%{" and "}".</summary>
    private static string? CheckMacroBody(string body, bool allowExpLetters)
    {
        if (body.Length == 0)
        {
            return "an empty macro \"%{}\"";
        }

        var letter = char.ToLowerInvariant(body[0]);
        if ("slodiphcrtv".IndexOf(letter, StringComparison.Ordinal) < 0)
        {
            return Invariant($"\"{body[0]}\" is not a macro letter");
        }

        // RFC 7208 §7.2: c, r and t only make sense in an explanation string, never in a domain.
        if (!allowExpLetters && letter is 'c' or 'r' or 't')
        {
            return Invariant($"the macro letter \"{body[0]}\" is allowed only in explanation text");
        }

        var k = 1;
        var digitsStart = k;
        while (k < body.Length && char.IsAsciiDigit(body[k]))
        {
            k++;
        }

        // §7.3: a label count, when given, is not zero.
        if (k > digitsStart && body[digitsStart..k].All(d => d == '0'))
        {
            return "a macro keeps zero labels";
        }

        if (k < body.Length && body[k] is 'r' or 'R')
        {
            k++;
        }

        for (; k < body.Length; k++)
        {
            if (body[k] is not ('.' or '-' or '+' or ',' or '/' or '_' or '='))
            {
                return Invariant($"\"{body[k]}\" is not a macro delimiter");
            }
        }

        return null;
    }

    /// <summary>The term as it can be shown in a message: octets outside printable ASCII as \DDD, long terms cut.</summary>
    private static string Visible(string term)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in term.Length <= 40 ? term : term[..40])
        {
            _ = c is >= '!' and <= '~' ? builder.Append(c) : builder.Append(Invariant($"\\{(int)c:D3}"));
        }

        return term.Length <= 40 ? builder.ToString() : builder.Append('…').ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
