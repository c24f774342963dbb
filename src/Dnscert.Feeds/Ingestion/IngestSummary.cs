using System.Globalization;
using System.Text;

namespace Dnscert.Feeds.Ingestion;

/// <summary>Counts of one ingestion run, and the rejected lines (the first <see cref="MaxKeptRejections"/>) for <c>-v</c>.</summary>
public sealed class IngestSummary
{
    public const int MaxKeptRejections = 1000;

    private readonly Dictionary<string, long> _reasons = new(StringComparer.Ordinal);
    private readonly List<FeedRejection> _rejections = [];

    public long Lines { get; internal set; }

    public long Entries { get; internal set; }

    public long Rejected { get; private set; }

    public long AllowListed { get; internal set; }

    /// <summary>Indicators this run added to the de-duplication table (not seen before in any feed of the run).</summary>
    public long NewIndicators { get; internal set; }

    public IReadOnlyDictionary<string, long> Reasons => _reasons;

    public IReadOnlyList<FeedRejection> Rejections => _rejections;

    internal void Reject(FeedRejection rejection)
    {
        Rejected++;
        _reasons[rejection.Reason] = _reasons.GetValueOrDefault(rejection.Reason) + 1;
        if (_rejections.Count < MaxKeptRejections)
        {
            _rejections.Add(rejection);
        }
    }

    /// <summary>"Read 10,000 lines: 9,812 entries, 3 rejected (2 × no domain, 1 × bad IP address), 185 allow-listed".</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Read {Lines:N0} lines: {Entries:N0} entries, {Rejected:N0} rejected");
        if (_reasons.Count > 0)
        {
            text.Append(" (")
                .AppendJoin(", ", _reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(10).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value:N0} × {r.Key}")))
                .Append(')');
        }

        text.Append(CultureInfo.InvariantCulture, $", {AllowListed:N0} allow-listed");
        return text.ToString();
    }
}
