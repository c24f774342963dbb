using System.Globalization;
using System.Text;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// Turns indicators into observations: an open observation with the same fingerprint (the same subject and threat,
/// from this or an earlier run of any feed) is moved on (last seen, evidence, feeds in the summary), else a new one is
/// created. Raw lines become <c>text/plain</c> evidence blobs. Written in batches of <see cref="BatchSize"/>, each in one transaction.
/// </summary>
public sealed class FeedObservationWriter(IDnscertStore store, TimeProvider time)
{
    public const int BatchSize = 2000;

    /// <summary>Most evidence ids kept on one observation, so a feed seen daily for years does not grow it without bound.</summary>
    private const int MaxEvidenceIds = 50;

    /// <summary>Writes every indicator; returns how many observations were new (the rest were updated).</summary>
    public async Task<int> WriteAsync(IEnumerable<Indicator> indicators, Tlp tlp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        var created = 0;
        var batch = new List<Observation>(BatchSize);
        // Evidence writes are queued, not awaited one by one: awaiting each made every blob its own transaction. The
        // store's one writer batches them; they are all committed before the observations that name them are saved.
        var evidenceWrites = new List<Task>(BatchSize);
        foreach (var indicator in indicators)
        {
            var evidence = new List<string>(indicator.Evidence.Count);
            foreach (var raw in indicator.Evidence)
            {
                var blob = EvidenceBlob.Create("text/plain", Encoding.UTF8.GetBytes(raw));
                evidenceWrites.Add(store.Evidence.AddAsync(blob, cancellationToken));
                evidence.Add(blob.Sha256);
            }

            var existing = await store.Observations.FindOpenAsync(indicator.Fingerprint, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                created++;
                batch.Add(new Observation(
                    Guid.CreateVersion7(time.GetUtcNow()), indicator.Subject, indicator.ThreatTypeId, Severity.Warning, tlp,
                    indicator.FirstSeen, indicator.LastSeen, ObservationState.Open, indicator.Fingerprint, evidence, Summarise(indicator, indicator.Feeds)));
            }
            else
            {
                var feeds = FeedsOf(existing.Summary).Union(indicator.Feeds, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                batch.Add(existing with
                {
                    FirstSeen = existing.FirstSeen < indicator.FirstSeen ? existing.FirstSeen : indicator.FirstSeen,
                    LastSeen = existing.LastSeen > indicator.LastSeen ? existing.LastSeen : indicator.LastSeen,
                    EvidenceIds = [.. existing.EvidenceIds.Union(evidence, StringComparer.Ordinal).Take(MaxEvidenceIds)],
                    Summary = Summarise(indicator, feeds),
                });
            }

            if (batch.Count == BatchSize)
            {
                await Task.WhenAll(evidenceWrites).ConfigureAwait(false);
                evidenceWrites.Clear();
                await store.Observations.SaveAllAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        await Task.WhenAll(evidenceWrites).ConfigureAwait(false);
        if (batch.Count > 0)
        {
            await store.Observations.SaveAllAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return created;
    }

    private const string FeedsPrefix = "reported by feeds: ";

    /// <summary>The summary carries the provenance in a fixed form so a later run can merge the feed list.</summary>
    private static string Summarise(Indicator indicator, IEnumerable<string> feeds)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{indicator.Subject.Value}");
        if (indicator.Tld is { } tld)
        {
            text.Append(CultureInfo.InvariantCulture, $" (TLD {tld}");
            if (indicator.Registrar is { } registrar)
            {
                text.Append(CultureInfo.InvariantCulture, $", registrar {registrar}");
            }

            text.Append(')');
        }

        text.Append("; ").Append(FeedsPrefix).AppendJoin(", ", feeds);
        return text.ToString();
    }

    private static string[] FeedsOf(string summary)
    {
        var at = summary.IndexOf(FeedsPrefix, StringComparison.Ordinal);
        return at < 0 ? [] : summary[(at + FeedsPrefix.Length)..].Split(", ", StringSplitOptions.RemoveEmptyEntries);
    }
}
