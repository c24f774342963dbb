using System.Data.Common;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Writing;

namespace Dnscert.Store.Repositories;

internal sealed class StakeholderRepository : IStakeholderRepository
{
    private readonly DnscertStore _store;

    public StakeholderRepository(DnscertStore store) => _store = store;

    public async Task SaveAsync(StoredStakeholder stakeholder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stakeholder);
        await _store.WriteAsync(
            $"save stakeholder {stakeholder.Id}",
            async (context, token) =>
            {
                await UpsertAsync(context, stakeholder, token);
                return null;
            },
            cancellationToken);
    }

    public async Task SaveAllAsync(IReadOnlyCollection<StoredStakeholder> stakeholders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stakeholders);
        await _store.WriteAsync(
            $"save {stakeholders.Count} stakeholders",
            async (context, token) =>
            {
                foreach (var stakeholder in stakeholders)
                {
                    await UpsertAsync(context, stakeholder, token);
                }

                return null;
            },
            cancellationToken);
    }

    public async Task<StoredStakeholder?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await _store.ReadAsync($"read stakeholder {id}", (connection, token) => ReadAsync(connection, "WHERE s.id = @id", c => c.With("@id", id), token), cancellationToken))
        .SingleOrDefault();

    public async Task<IReadOnlyList<StoredStakeholder>> ListAsync(CancellationToken cancellationToken = default) =>
        await _store.ReadAsync("list stakeholders", (connection, token) => ReadAsync(connection, "", _ => { }, token), cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await _store.ExecuteAsync($"delete stakeholder {id}", "DELETE FROM stakeholders WHERE id = @id", (c, _) => c.With("@id", id), cancellationToken) > 0;

    private static async Task UpsertAsync(WriteContext context, StoredStakeholder s, CancellationToken cancellationToken)
    {
        await context.Command("INSERT INTO stakeholders (id, name, document) VALUES (@id, @name, @document) "
                + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, document = excluded.document")
            .With("@id", s.Id).With("@name", s.Name).With("@document", s.Document)
            .ExecuteNonQueryAsync(cancellationToken);
        await context.Command("DELETE FROM stakeholder_constituents WHERE organisation = @id").With("@id", s.Id).ExecuteNonQueryAsync(cancellationToken);
        foreach (var constituent in s.AmberConstituents.Distinct(StringComparer.Ordinal))
        {
            await context.Command("INSERT INTO stakeholder_constituents (organisation, constituent) VALUES (@id, @constituent)")
                .With("@id", s.Id).With("@constituent", constituent)
                .ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<List<StoredStakeholder>> ReadAsync(DbConnection connection, string where, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var rows = await _store.QueryAsync(connection, $"SELECT s.id, s.name, s.document FROM stakeholders s {where} ORDER BY s.id", (c, _) => bind(c), (r, _) => (Id: r.GetString(0), Name: r.GetString(1), Document: r.GetString(2)), cancellationToken);
        var links = await _store.QueryAsync(connection, $"SELECT c.organisation, c.constituent FROM stakeholder_constituents c JOIN stakeholders s ON s.id = c.organisation {where} ORDER BY c.organisation, c.constituent", (c, _) => bind(c), (r, _) => (Org: r.GetString(0), Constituent: r.GetString(1)), cancellationToken);
        var byOrg = links.ToLookup(l => l.Org, l => l.Constituent, StringComparer.Ordinal);
        return [.. rows.Select(r => new StoredStakeholder(r.Id, r.Name, r.Document, [.. byOrg[r.Id]]))];
    }
}
