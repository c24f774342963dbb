using Dnscert.Core.Catalog;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// Watches a stream of <see cref="DnsTransaction"/>s for one attack pattern. <see cref="Observe"/> is called for
/// every message in capture-time order and must not allocate on the common path; <see cref="Flush"/> closes the
/// window that ends at the given end (capture time) and returns what it found. A detector holds
/// the learned baseline of its own traffic and nothing else.
/// </summary>
public interface IDetector
{
    /// <summary>Kebab-case id, stable forever (<c>random-subdomain</c>).</summary>
    string Id { get; }

    ThreatType ThreatType { get; }

    void Observe(in DnsTransaction transaction);

    IReadOnlyList<Detection> Flush(DateTimeOffset windowEnd);
}
