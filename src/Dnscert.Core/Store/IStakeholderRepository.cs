namespace Dnscert.Core.Store;

/// <summary>The stakeholder directory (organisations) of the instance.</summary>
public interface IStakeholderRepository
{
    Task SaveAsync(StoredStakeholder stakeholder, CancellationToken cancellationToken = default);

    /// <summary>Saves many in one transaction (an import): all are stored or none.</summary>
    Task SaveAllAsync(IReadOnlyCollection<StoredStakeholder> stakeholders, CancellationToken cancellationToken = default);

    Task<StoredStakeholder?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every entry by id; the directory is bounded by the importer's limits.</summary>
    Task<IReadOnlyList<StoredStakeholder>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes an entry; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
