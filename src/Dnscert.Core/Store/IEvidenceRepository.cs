namespace Dnscert.Core.Store;

/// <summary>Content-addressed evidence blobs.</summary>
public interface IEvidenceRepository
{
    /// <summary>Stores a blob; storing the same bytes again does nothing.</summary>
    Task AddAsync(EvidenceBlob blob, CancellationToken cancellationToken = default);

    Task<EvidenceBlob?> GetAsync(string sha256, CancellationToken cancellationToken = default);
}
