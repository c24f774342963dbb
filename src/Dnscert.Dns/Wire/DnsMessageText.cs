using System.Globalization;
using System.Text;

namespace Dnscert.Dns.Wire;

/// <summary>Dig-style text of a whole message, for evidence and the CLI; OPT goes to its pseudo-section.</summary>
internal static class DnsMessageText
{
    public static string Format(DnsMessage message)
    {
        var builder = new StringBuilder(256);
        builder.Append(CultureInfo.InvariantCulture, $";; ->>HEADER<<- opcode: {Opcode(message.Opcode)}, status: {Rcode(message.ResponseCode)}, id: {message.Id}\n");
        builder.Append(";; flags:");
        AppendFlag(builder, message, DnsHeaderBits.Response, "qr");
        AppendFlag(builder, message, DnsHeaderBits.Authoritative, "aa");
        AppendFlag(builder, message, DnsHeaderBits.Truncated, "tc");
        AppendFlag(builder, message, DnsHeaderBits.RecursionDesired, "rd");
        AppendFlag(builder, message, DnsHeaderBits.RecursionAvailable, "ra");
        AppendFlag(builder, message, DnsHeaderBits.Reserved, "z");
        AppendFlag(builder, message, DnsHeaderBits.AuthenticData, "ad");
        AppendFlag(builder, message, DnsHeaderBits.CheckingDisabled, "cd");
        builder.Append(CultureInfo.InvariantCulture,
            $"; QUERY: {message.Questions.Length}, ANSWER: {message.Answers.Length}, AUTHORITY: {message.Authority.Length}, ADDITIONAL: {message.Additional.Length}\n");
        if (message.HasEdns)
        {
            builder.Append("\n;; OPT PSEUDOSECTION:\n").Append(message.Edns.ToString()).Append('\n');
        }

        builder.Append("\n;; QUESTION SECTION:\n");
        foreach (var question in message.Questions)
        {
            builder.Append(question.ToString()).Append('\n');
        }

        AppendSection(builder, "ANSWER", message.Answers);
        AppendSection(builder, "AUTHORITY", message.Authority);
        AppendSection(builder, "ADDITIONAL", message.Additional);
        if (message.HasTrailingBytes)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\n;; WARNING: {message.TrailingByteCount} trailing bytes after the last record\n");
        }

        return builder.ToString();
    }

    public static string Opcode(DnsOpcode opcode) => opcode switch
    {
        DnsOpcode.Query => "QUERY",
        DnsOpcode.IQuery => "IQUERY",
        DnsOpcode.Status => "STATUS",
        DnsOpcode.Notify => "NOTIFY",
        DnsOpcode.Update => "UPDATE",
        DnsOpcode.Dso => "DSO",
        _ => "RESERVED" + ((int)opcode).ToString(CultureInfo.InvariantCulture),
    };

    public static string Rcode(DnsResponseCode code) => code switch
    {
        DnsResponseCode.NoError => "NOERROR",
        DnsResponseCode.FormErr => "FORMERR",
        DnsResponseCode.ServFail => "SERVFAIL",
        DnsResponseCode.NXDomain => "NXDOMAIN",
        DnsResponseCode.NotImp => "NOTIMP",
        DnsResponseCode.Refused => "REFUSED",
        DnsResponseCode.YXDomain => "YXDOMAIN",
        DnsResponseCode.YXRRSet => "YXRRSET",
        DnsResponseCode.NXRRSet => "NXRRSET",
        DnsResponseCode.NotAuth => "NOTAUTH",
        DnsResponseCode.NotZone => "NOTZONE",
        DnsResponseCode.DsoTypeNI => "DSOTYPENI",
        DnsResponseCode.BadVers => "BADVERS",
        DnsResponseCode.BadKey => "BADKEY",
        DnsResponseCode.BadTime => "BADTIME",
        DnsResponseCode.BadMode => "BADMODE",
        DnsResponseCode.BadName => "BADNAME",
        DnsResponseCode.BadAlg => "BADALG",
        DnsResponseCode.BadTrunc => "BADTRUNC",
        DnsResponseCode.BadCookie => "BADCOOKIE",
        _ => "RESERVED" + ((int)code).ToString(CultureInfo.InvariantCulture),
    };

    private static void AppendFlag(StringBuilder builder, DnsMessage message, DnsHeaderBits bit, string text)
    {
        if ((message.Flags & bit) != 0)
        {
            builder.Append(' ').Append(text);
        }
    }

    private static void AppendSection(StringBuilder builder, string name, ReadOnlySpan<DnsRecord> records)
    {
        var printed = false;
        foreach (var record in records)
        {
            if (record.Type == RRType.OPT)
            {
                continue;
            }

            if (!printed)
            {
                builder.Append("\n;; ").Append(name).Append(" SECTION:\n");
                printed = true;
            }

            builder.Append(record.ToString()).Append('\n');
        }
    }
}
