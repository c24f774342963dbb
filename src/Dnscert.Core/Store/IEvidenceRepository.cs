namespace Dnscert.Core.Store;

/// <summary>Content-addressed evidence blobs.</summary>
public interface IEvidenceRepository
{
    /// <summary>Stores a blob; storing the same bytes again does nothing.</summary>
    Task AddAsync(EvidenceBlob blob, CancellationToken cancellationToken = default);

    Task<EvidenceBlob?> GetAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>
    /// The blob when <paramref name="viewer"/> may see a check run or an observation that cites it, else null. Evidence
    /// has no marking of its own: the same answer bytes may back a CLEAR zone and a RED one, so it is visible through
    /// whatever cites it.
    /// </summary>
    Task<EvidenceBlob?> GetVisibleAsync(string sha256, Viewer viewer, CancellationToken cancellationToken = default);
}
