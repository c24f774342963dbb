namespace Dnscert.Feeds.Parsers;

/// <summary>
/// One indicator per line: domains, URLs or IP addresses (each line classified by its shape), <c>#</c> and <c>;</c>
/// comments, blank lines ignored; hosts-file lines (<c>0.0.0.0 evil.example</c>) yield the name.
/// </summary>
public sealed class PlainListParser(FeedLimits? limits = null) : LineFeedParser(limits)
{
    public const string ParserId = "plain";

    public override string Id => ParserId;

    /// <summary>The line limit, for <see cref="PlainLineScanner"/>.</summary>
    internal int MaxLineLength => Limits.MaxLineLength;

    /// <summary>The item limit, for <see cref="PlainLineScanner"/>.</summary>
    internal long MaxEntries => Limits.MaxEntries;

    /// <summary>The items of one line already read, bounded and checked for binary data: the scanner's path for lines it does not classify itself.</summary>
    internal IEnumerable<FeedItem> ParseText(string line, long number) => ParseLine(line, number, null!);

    private protected override IEnumerable<FeedItem> ParseLine(string line, long number, FeedLineReader reader)
    {
        var text = line.AsSpan().Trim();
        if (text.IsEmpty || text[0] is '#' or ';' || text.StartsWith("//", StringComparison.Ordinal))
        {
            return [];
        }

        var comment = text.IndexOf(" #", StringComparison.Ordinal);
        if (comment >= 0)
        {
            text = text[..comment].TrimEnd();
        }

        var space = text.IndexOfAny(' ', '\t');
        if (space > 0)
        {
            var first = text[..space];
            var rest = text[(space + 1)..].Trim();
            if (first is "0.0.0.0" or "127.0.0.1" or "::" or "::1" && rest.IndexOfAny(' ', '\t') < 0)
            {
                return [IndicatorText.Domain(rest.ToString(), null, null, number, line)];
            }

            return [FeedItem.Rejected(number, "more than one value on the line", line)];
        }

        return [IndicatorText.Classify(text.ToString(), null, null, number, line)];
    }
}
