using System.Globalization;
using System.Net;
using Dnscert.Core.Store;

namespace Dnscert.Feeds.Parsers;

/// <summary>
/// Turns the text of one indicator (a domain, URL or IP address, possibly defanged as <c>hxxp://evil[.]example</c>)
/// into a normalised <see cref="FeedEntry"/>, or says why it cannot.
/// </summary>
internal static class IndicatorText
{
    internal const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;
    private static readonly IdnMapping s_idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };
    private static readonly System.Buffers.SearchValues<char> s_addressChars = System.Buffers.SearchValues.Create("0123456789.");

    /// <summary>Classifies <paramref name="text"/> by its shape: URL when it has a scheme, address when it parses as one, else a domain.</summary>
    public static FeedItem Classify(string text, string? threat, DateTimeOffset? seen, long line, string raw)
    {
        var value = Undefang(text.Trim());
        if (value.Contains("://", StringComparison.Ordinal))
        {
            return Url(value, threat, seen, line, raw);
        }

        if (IsAddressShaped(value))
        {
            return Address(value, threat, seen, line, raw);
        }

        return Domain(value, threat, seen, line, raw);
    }

    public static FeedItem Domain(string text, string? threat, DateTimeOffset? seen, long line, string raw)
    {
        var reason = TryNormaliseDomain(Undefang(text.Trim()), out var name);
        return reason is null ? FeedItem.Of(new FeedEntry(SubjectKind.Domain, name!, name, threat, seen, line, raw)) : FeedItem.Rejected(line, reason, raw);
    }

    public static FeedItem Url(string text, string? threat, DateTimeOffset? seen, long line, string raw)
    {
        var value = Undefang(text.Trim());
        if (value.Length == 0)
        {
            return FeedItem.Rejected(line, "no URL", raw);
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ftp"))
        {
            return FeedItem.Rejected(line, "bad URL", raw);
        }

        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return FeedItem.Of(new FeedEntry(SubjectKind.Url, uri.AbsoluteUri, null, threat, seen, line, raw));
        }

        string idnHost;
        try
        {
            idnHost = uri.IdnHost;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException)
        {
            // A host such as an invalid punycode label parses but has no IDN form; found by the scanner's property test.
            return FeedItem.Rejected(line, "bad URL host: invalid IDN", raw);
        }

        var reason = TryNormaliseDomain(idnHost, out var host);
        return reason is null
            ? FeedItem.Of(new FeedEntry(SubjectKind.Url, uri.AbsoluteUri, host, threat, seen, line, raw))
            : FeedItem.Rejected(line, "bad URL host: " + reason, raw);
    }

    public static FeedItem Address(string text, string? threat, DateTimeOffset? seen, long line, string raw)
    {
        var value = text.Trim();
        return value.Length > 0 && IPAddress.TryParse(value, out var address) && IsAddressShaped(value)
            ? FeedItem.Of(new FeedEntry(SubjectKind.IpAddress, address.ToString(), null, threat, seen, line, raw))
            : FeedItem.Rejected(line, value.Length == 0 ? "no IP address" : "bad IP address", raw);
    }

    /// <summary>Null when <paramref name="text"/> is a usable host name (then <paramref name="name"/> is its normal form), else the reason.</summary>
    public static string? TryNormaliseDomain(string text, out string? name)
    {
        name = null;
        var value = text.Trim().TrimEnd('.');
        if (value.StartsWith("*.", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (value.Length == 0)
        {
            return "no domain";
        }

        if (value.Length > 4 * MaxNameLength)
        {
            return "domain too long";
        }

        if (!System.Text.Ascii.IsValid(value))
        {
            try
            {
                value = s_idn.GetAscii(value);
            }
            catch (ArgumentException)
            {
                return "invalid IDN";
            }
        }

        value = value.ToLowerInvariant();
        if (CheckAsciiName(value) is { } reason)
        {
            return reason;
        }

        name = value;
        return null;
    }

    /// <summary>
    /// Null when <paramref name="value"/> (already lower-case ASCII, trimmed) is a usable host name, else the reason; the
    /// part of <see cref="TryNormaliseDomain"/> after IDN mapping, shared with the plain-list byte scanner.
    /// </summary>
    internal static string? CheckAsciiName(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxNameLength)
        {
            return "domain too long";
        }

        if (!value.Contains('.'))
        {
            return "not a domain (single label)";
        }

        var start = 0;
        while (start <= value.Length)
        {
            var end = value[start..].IndexOf('.');
            end = end < 0 ? value.Length : start + end;
            var label = value[start..end];
            if (label.Length == 0)
            {
                return "empty label";
            }

            if (label.Length > MaxLabelLength)
            {
                return "label too long";
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
                {
                    return "bad character in domain";
                }
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return "label starts or ends with a hyphen";
            }

            start = end + 1;
        }

        var lastDot = value.LastIndexOf('.');
        return value[(lastDot + 1)..].IndexOfAnyExceptInRange('0', '9') < 0 ? "numeric top-level label (an address?)" : null;
    }

    private static bool IsAddressShaped(string value) =>
        value.Length > 0 && (value.Contains(':', StringComparison.Ordinal) || value.AsSpan().IndexOfAnyExcept(s_addressChars) < 0);

    private static string Undefang(string value) =>
        value.Contains('[', StringComparison.Ordinal) || value.StartsWith("hxxp", StringComparison.OrdinalIgnoreCase)
            ? value.Replace("[.]", ".", StringComparison.Ordinal).Replace("[:]", ":", StringComparison.Ordinal)
                .Replace("hxxps://", "https://", StringComparison.OrdinalIgnoreCase).Replace("hxxp://", "http://", StringComparison.OrdinalIgnoreCase)
            : value;
}
