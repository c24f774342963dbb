namespace Dnscert.Feeds;

/// <summary>A line or item a parser could not use: where, why (a short reason that groups well in summaries) and the raw text (cut to 200 characters).</summary>
public sealed record FeedRejection(long Line, string Reason, string Raw)
{
    private const int MaxRawLength = 200;

    public static FeedRejection Create(long line, string reason, string raw) =>
        new(line, reason, raw.Length <= MaxRawLength ? raw : string.Concat(raw.AsSpan(0, MaxRawLength), "…"));
}
