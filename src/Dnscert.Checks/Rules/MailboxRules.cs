using System.Text;
using Dnscert.Dns;

namespace Dnscert.Checks.Rules;

/// <summary>
/// The SOA RNAME read as a mailbox (RFC 1035 §8: the first label is the local part) and judged against the
/// addr-spec of RFC 5322 §3.4.1: a dot-atom or quoted-string local part, and a dot-atom domain of at least
/// two labels (a mailbox needs a fully qualified mail domain).
/// </summary>
public static class MailboxRules
{
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>The mailbox text: the first label's octets (an escaped dot is a dot), "@", then the rest of the name.</summary>
    public static string ToMailbox(DomainName rname)
    {
        var count = rname.LabelCount;
        if (count == 0)
        {
            return "";
        }

        var builder = new StringBuilder(Encoding.Latin1.GetString(rname.GetLabel(0))).Append('@');
        for (var i = 1; i < count; i++)
        {
            builder.Append(i > 1 ? "." : "").Append(Encoding.Latin1.GetString(rname.GetLabel(i)));
        }

        return builder.ToString();
    }

    /// <summary>True when the RNAME gives an RFC 5322 addr-spec.</summary>
    public static bool IsValidMailbox(DomainName rname)
    {
        var count = rname.LabelCount;
        if (count < 3)
        {
            return false;
        }

        var local = Encoding.Latin1.GetString(rname.GetLabel(0));
        if (!(IsDotAtom(local) || IsQuotedString(local)))
        {
            return false;
        }

        for (var i = 1; i < count; i++)
        {
            if (!Encoding.Latin1.GetString(rname.GetLabel(i)).All(IsAtext))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || AtextSpecials.Contains(c, StringComparison.Ordinal);

    private static bool IsDotAtom(string text) => text.Split('.').All(atom => atom.Length > 0 && atom.All(IsAtext));

    /// <summary>DQUOTE *( qtext / quoted-pair / space ) DQUOTE, printable ASCII only.</summary>
    private static bool IsQuotedString(string text)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return false;
        }

        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c is < ' ' or > '~')
            {
                return false;
            }

            if (c == '\\')
            {
                if (++i >= text.Length - 1)
                {
                    return false;
                }
            }
            else if (c == '"')
            {
                return false;
            }
        }

        return true;
    }
}
