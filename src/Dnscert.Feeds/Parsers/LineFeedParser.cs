using System.Text;

namespace Dnscert.Feeds.Parsers;

/// <summary>
/// Shared loop of the line-oriented formats: bounded lines, binary and over-long lines rejected, the item limit, and
/// cancellation checked every 4096 lines. Subclasses turn one line into zero or more items.
/// </summary>
public abstract class LineFeedParser : IFeedParser
{
    protected LineFeedParser(FeedLimits? limits)
    {
        Limits = limits ?? FeedLimits.Default;
    }

    public abstract string Id { get; }

    protected FeedLimits Limits { get; }

    public IEnumerable<FeedItem> Parse(Stream feed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return Iterate(feed, cancellationToken);
    }

    /// <summary>Items of one line; a blank or comment line yields nothing.</summary>
    private protected abstract IEnumerable<FeedItem> ParseLine(string line, long number, FeedLineReader reader);

    private IEnumerable<FeedItem> Iterate(Stream feed, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(feed, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var reader = new FeedLineReader(text, Limits.MaxLineLength);
        long items = 0;
        while (reader.Next(out var tooLong) is { } line)
        {
            if ((reader.LineNumber & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (items >= Limits.MaxEntries)
            {
                yield return FeedItem.Rejected(reader.LineNumber, $"item limit {Limits.MaxEntries} reached; rest of feed ignored", string.Empty);
                yield break;
            }

            if (tooLong)
            {
                items++;
                yield return FeedItem.Rejected(reader.LineNumber, $"line longer than {Limits.MaxLineLength} characters", line);
                continue;
            }

            if (line.Contains('\0', StringComparison.Ordinal))
            {
                items++;
                yield return FeedItem.Rejected(reader.LineNumber, "binary data", line.Replace('\0', '.'));
                continue;
            }

            foreach (var item in ParseLine(line, reader.LineNumber, reader))
            {
                items++;
                yield return item;
            }
        }
    }
}
