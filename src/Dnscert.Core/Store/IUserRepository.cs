namespace Dnscert.Core.Store;

/// <summary>Users of the web interface.</summary>
public interface IUserRepository
{
    Task SaveAsync(StoreUser user, CancellationToken cancellationToken = default);

    Task<StoreUser?> GetAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoreUser>> ListAsync(CancellationToken cancellationToken = default);
}
