using System.Data.Common;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Repositories;

internal sealed class UserRepository : IUserRepository
{
    private readonly DnscertStore _store;

    public UserRepository(DnscertStore store) => _store = store;

    public Task SaveAsync(StoreUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return _store.ExecuteAsync(
            $"save user {user.Name}",
            "INSERT INTO users (name, password_hash, role, organisation) VALUES (@name, @hash, @role, @organisation) "
            + "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, organisation = excluded.organisation",
            (c, _) => c.With("@name", user.Name).With("@hash", user.PasswordHash).With("@role", Codes.Of(user.Role)).With("@organisation", user.Organisation),
            cancellationToken);
    }

    public async Task<StoreUser?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await _store.QueryAsync($"read user {name}", "SELECT name, password_hash, role, organisation FROM users WHERE name = @name", (c, _) => c.With("@name", name), Read, cancellationToken))
        .SingleOrDefault();

    public async Task<IReadOnlyList<StoreUser>> ListAsync(CancellationToken cancellationToken = default) =>
        await _store.QueryAsync("list users", "SELECT name, password_hash, role, organisation FROM users ORDER BY name", (_, _) => { }, Read, cancellationToken);

    private static StoreUser Read(DbDataReader r, StoreDialect d) => new(r.GetString(0), r.GetString(1), Codes.RoleOf(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3));
}
