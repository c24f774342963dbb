using System.Globalization;
using System.Text.RegularExpressions;

namespace Dnscert.IntegrationTests.Infrastructure;

/// <summary>
/// BIND's dig as an independent oracle: the lab's faults are checked with a tool that is not ours.
/// Always RD off, one try, short time-out, and only ever pointed at lab addresses.
/// </summary>
public static partial class Dig
{
    public static async Task<DigResult> QueryAsync(string server, string qname, string qtype, bool tcp = false, bool dnssec = false, bool edns = true)
    {
        Assert.StartsWith("127.", server, StringComparison.Ordinal);
        var args = new List<string> { "@" + server, qname, qtype, "+norec", "+time=2", "+tries=1", "+nomultiline", "+nocookie" };
        if (tcp)
        {
            args.Add("+tcp");
        }

        if (dnssec)
        {
            args.Add("+dnssec");
        }

        if (!edns)
        {
            args.Add("+noedns");
        }

        // +ignore keeps a TC=1 answer as it is instead of retrying over TCP.
        args.Add("+ignore");
        var output = await ProcessRunner.RunAsync("dig", args, TimeSpan.FromSeconds(20));
        return qtype.Equals("AXFR", StringComparison.OrdinalIgnoreCase) ? DigResult.ParseTransfer(output) : DigResult.Parse(output);
    }

    [GeneratedRegex(@"status: (?<rcode>[A-Z0-9]+)", RegexOptions.CultureInvariant)]
    internal static partial Regex Status();

    [GeneratedRegex(@";; flags:(?<flags>[a-z ]*);", RegexOptions.CultureInvariant)]
    internal static partial Regex Flags();
}

public sealed record DigResult(ProcessOutput Raw, bool Responded, string? Rcode, IReadOnlySet<string> Flags, IReadOnlyList<string> Answer, IReadOnlyList<string> Authority)
{
    public bool Malformed =>
        Raw.Output.Contains("ID mismatch", StringComparison.Ordinal)
        || Raw.Output.Contains("bad packet", StringComparison.OrdinalIgnoreCase)
        || Raw.Output.Contains("malformed", StringComparison.OrdinalIgnoreCase)
        || Raw.Error.Contains("bad packet", StringComparison.OrdinalIgnoreCase)
        || Raw.Output.Contains("unexpected end of input", StringComparison.OrdinalIgnoreCase)
        || Raw.Output.Contains("bad compression pointer", StringComparison.OrdinalIgnoreCase);

    /// <summary>Expiration times of the RRSIGs in the answer section.</summary>
    public IEnumerable<DateTimeOffset> RrsigExpirations =>
        Answer.Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 9 && f[3] == "RRSIG")
            .Select(f => DateTimeOffset.ParseExact(f[8], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

    public static DigResult Parse(ProcessOutput output)
    {
        var text = output.Output;
        var status = Dig.Status().Match(text);
        var flags = Dig.Flags().Match(text);
        var responded = status.Success;
        return new DigResult(
            output,
            responded,
            responded ? status.Groups["rcode"].Value : null,
            flags.Success ? flags.Groups["flags"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet() : new HashSet<string>(),
            Section(text, ";; ANSWER SECTION:"),
            Section(text, ";; AUTHORITY SECTION:"));
    }

    /// <summary>dig prints a zone transfer as bare records with no header; a refused one as "Transfer failed".</summary>
    public static DigResult ParseTransfer(ProcessOutput output)
    {
        var records = output.Output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith(';'))
            .Select(l => Regex.Replace(l, @"\s+", " "))
            .ToList();
        var failed = output.Output.Contains("Transfer failed", StringComparison.Ordinal);
        return new DigResult(output, records.Count > 0 || failed, failed ? "REFUSED" : records.Count > 0 ? "NOERROR" : null, new HashSet<string>(), records, []);
    }

    private static List<string> Section(string text, string header)
    {
        var lines = new List<string>();
        var at = text.IndexOf(header, StringComparison.Ordinal);
        if (at < 0)
        {
            return lines;
        }

        foreach (var line in text[(at + header.Length)..].Split('\n').Skip(1))
        {
            if (line.Trim().Length == 0 || line.StartsWith(";;", StringComparison.Ordinal))
            {
                break;
            }

            lines.Add(Regex.Replace(line.Trim(), @"\s+", " "));
        }

        return lines;
    }
}
