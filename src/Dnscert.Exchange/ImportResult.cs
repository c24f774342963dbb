using Dnscert.Core.Store;

namespace Dnscert.Exchange;

/// <summary>
/// What an import produced: the observations read and the objects rejected with their reason, so the caller can
/// say "Imported 41 observations, rejected 2 objects." and keep the rejects (ARCHITECTURE.md, convention 6).
/// </summary>
public sealed record ImportResult(IReadOnlyList<Observation> Observations, IReadOnlyList<ImportRejection> Rejections)
{
    /// <summary>Objects skipped without being an error: types dnscert does not import (a STIX malware, a MISP sha256).</summary>
    public int Ignored { get; init; }
}
