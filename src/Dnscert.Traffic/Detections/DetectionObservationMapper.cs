using System.Text.Json;
using Dnscert.Core.Store;
using Dnscert.Traffic.Detectors;

namespace Dnscert.Traffic.Detections;

/// <summary>
/// Turns detections into store observations: one open observation per detector and subject (the fingerprint
/// <c>traffic|DETECTOR|SUBJECT</c>), extended by later windows of the same attack rather than duplicated.
/// Evidence: every sample message as <c>application/dns-message</c> and the window's metrics as JSON, both
/// content-addressed in the evidence store. Used by <c>traffic listen</c> and, later, <c>traffic analyze --store</c>.
/// </summary>
public sealed class DetectionObservationMapper(IObservationRepository observations, IEvidenceRepository evidence, Tlp tlp = Tlp.Amber)
{
    /// <summary>Evidence ids kept on one observation; a long attack keeps its first samples and latest metrics.</summary>
    public const int MaxEvidencePerObservation = 32;

    public static string FingerprintOf(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        return $"traffic|{detection.DetectorId}|{detection.Subject}";
    }

    /// <summary>The evidence blobs of one detection: its samples, then a JSON of window, summary and metrics.</summary>
    public static IReadOnlyList<EvidenceBlob> EvidenceOf(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var blobs = detection.SampleMessages.Select(s => EvidenceBlob.Create("application/dns-message", s)).ToList();
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            detector = detection.DetectorId,
            threat_type = detection.ThreatType.Id,
            window_start = detection.WindowStart,
            window_end = detection.WindowEnd,
            summary = detection.Summary,
            metrics = detection.Metrics.ToDictionary(m => m.Key, m => m.Value),
        });
        blobs.Add(EvidenceBlob.Create("application/json", json));
        return blobs;
    }

    /// <summary>Stores the evidence and creates or extends the open observation; returns it.</summary>
    public async Task<Observation> SaveAsync(Detection detection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var blobs = EvidenceOf(detection);
        foreach (var blob in blobs)
        {
            await evidence.AddAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        var ids = blobs.Select(b => b.Sha256).ToList();
        var fingerprint = FingerprintOf(detection);
        var open = await observations.FindOpenAsync(fingerprint, cancellationToken).ConfigureAwait(false);
        var observation = open is null
            ? new Observation(Guid.CreateVersion7(detection.WindowEnd), detection.Subject, detection.ThreatType.Id, detection.Severity, tlp,
                detection.WindowStart, detection.WindowEnd, ObservationState.Open, fingerprint, [.. ids.Take(MaxEvidencePerObservation)], detection.Summary)
            : open with
            {
                Severity = open.Severity > detection.Severity ? open.Severity : detection.Severity,
                LastSeen = open.LastSeen > detection.WindowEnd ? open.LastSeen : detection.WindowEnd,
                EvidenceIds = [.. open.EvidenceIds.Concat(ids).Distinct(StringComparer.Ordinal).Take(MaxEvidencePerObservation)],
                Summary = detection.Summary,
            };
        await observations.SaveAsync(observation, cancellationToken).ConfigureAwait(false);
        return observation;
    }
}
