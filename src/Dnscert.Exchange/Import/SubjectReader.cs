using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Dnscert.Core.Store;

namespace Dnscert.Exchange.Import;

/// <summary>
/// Turns an imported value into a canonical <see cref="Subject"/> or says why it cannot. Host names are checked here
/// by their RFC 1035 length rules (Exchange depends on Core only, not on the DNS project's DomainName).
/// </summary>
internal static class SubjectReader
{
    public static bool TryDomain(string value, SubjectKind kind, int maxLength, [NotNullWhen(true)] out Subject? subject, [NotNullWhen(false)] out string? reason)
    {
        subject = null;
        var name = value.Trim().TrimEnd('.').ToLowerInvariant();
        if (name.Length == 0 || name.Length > Math.Min(253, maxLength))
        {
            reason = $"domain name of {name.Length} characters (1 to 253 allowed)";
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                reason = $"domain name '{Shorten(name)}' has a label of {label.Length} characters (1 to 63 allowed)";
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '*'))
                {
                    reason = $"domain name '{Shorten(name)}' contains the character U+{(int)c:X4}";
                    return false;
                }
            }
        }

        subject = new Subject(kind, name);
        reason = null;
        return true;
    }

    public static bool TryAddress(string value, [NotNullWhen(true)] out Subject? subject, [NotNullWhen(false)] out string? reason)
    {
        subject = null;
        var text = value.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (text.Length <= 64 && IPNetwork.TryParse(text, out var network))
            {
                subject = new Subject(SubjectKind.Prefix, network.ToString());
                reason = null;
                return true;
            }

            reason = $"'{Shorten(text)}' is not an IP prefix";
            return false;
        }

        if (text.Length <= 64 && IPAddress.TryParse(text, out var address) && address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
        {
            subject = new Subject(SubjectKind.IpAddress, address.ToString());
            reason = null;
            return true;
        }

        reason = $"'{Shorten(text)}' is not an IP address";
        return false;
    }

    public static bool TryUrl(string value, int maxLength, [NotNullWhen(true)] out Subject? subject, [NotNullWhen(false)] out string? reason)
    {
        subject = null;
        var text = value.Trim();
        if (text.Length > maxLength)
        {
            reason = $"URL of {text.Length} characters (at most {maxLength})";
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ftp") || uri.Host.Length == 0)
        {
            reason = $"'{Shorten(text)}' is not an absolute http, https or ftp URL";
            return false;
        }

        subject = new Subject(SubjectKind.Url, text);
        reason = null;
        return true;
    }

    /// <summary>A value cut for an error message, so a hostile megabyte never lands in a log line.</summary>
    public static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
