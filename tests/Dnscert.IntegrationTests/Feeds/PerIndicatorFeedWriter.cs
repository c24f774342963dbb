using System.Text;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Feeds.Ingestion;

namespace Dnscert.IntegrationTests.Feeds;

/// <summary>
/// The feed writer as it was before batching (one FindOpenAsync per indicator, then SaveAllAsync): the reference the
/// batched <see cref="FeedObservationWriter"/> must agree with, observation for observation and cell for cell.
/// </summary>
internal static class PerIndicatorFeedWriter
{
    private const string FeedsPrefix = "reported by feeds: ";

    public static async Task<int> WriteAsync(IDnscertStore store, TimeProvider time, IEnumerable<Indicator> indicators, Tlp tlp, CancellationToken cancellationToken)
    {
        var created = 0;
        var batch = new List<Observation>();
        foreach (var indicator in indicators)
        {
            var evidence = new List<string>();
            foreach (var raw in indicator.Evidence)
            {
                var blob = EvidenceBlob.Create("text/plain", Encoding.UTF8.GetBytes(raw));
                await store.Evidence.AddAsync(blob, cancellationToken);
                evidence.Add(blob.Sha256);
            }

            var existing = await store.Observations.FindOpenAsync(indicator.Fingerprint, cancellationToken);
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
                    EvidenceIds = [.. existing.EvidenceIds.Union(evidence, StringComparer.Ordinal).Take(50)],
                    Summary = Summarise(indicator, feeds),
                });
            }
        }

        await store.Observations.SaveAllAsync(batch, cancellationToken);
        return created;
    }

    private static string Summarise(Indicator indicator, IEnumerable<string> feeds)
    {
        var text = new StringBuilder(indicator.Subject.Value);
        if (indicator.Tld is { } tld)
        {
            text.Append(" (TLD ").Append(tld);
            if (indicator.Registrar is { } registrar)
            {
                text.Append(", registrar ").Append(registrar);
            }

            text.Append(')');
        }

        return text.Append("; ").Append(FeedsPrefix).AppendJoin(", ", feeds).ToString();
    }

    private static string[] FeedsOf(string summary)
    {
        var at = summary.IndexOf(FeedsPrefix, StringComparison.Ordinal);
        return at < 0 ? [] : summary[(at + FeedsPrefix.Length)..].Split(", ", StringSplitOptions.RemoveEmptyEntries);
    }
}
