using System.Globalization;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Visibility;
using Dnscert.Store.Writing;

namespace Dnscert.Store.Repositories;

internal sealed class EvidenceRepository : IEvidenceRepository
{
    public const string InsertSql =
        "INSERT INTO evidence (sha256, media_type, content, stored) VALUES (@sha256, @media, @content, @stored) ON CONFLICT (sha256) DO NOTHING";

    private readonly DnscertStore _store;

    public EvidenceRepository(DnscertStore store) => _store = store;

    public async Task AddAsync(EvidenceBlob blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var now = _store.TimeProvider.GetUtcNow();
        await _store.WriteAsync(
            $"store evidence {blob.Sha256}",
            async (context, token) =>
            {
                await InsertAsync(context, blob, now, token);
                return null;
            },
            cancellationToken);
    }

    public async Task<EvidenceBlob?> GetAsync(string sha256, CancellationToken cancellationToken = default) =>
        (await _store.QueryAsync(
            $"read evidence {sha256}",
            "SELECT media_type, content FROM evidence WHERE sha256 = @sha256",
            (c, _) => c.With("@sha256", sha256),
            (r, _) => Verified(sha256, EvidenceBlob.Create(r.GetString(0), (byte[])r.GetValue(1))),
            cancellationToken))
        .SingleOrDefault();

    public async Task<EvidenceBlob?> GetVisibleAsync(string sha256, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var (visible, bind) = VisibilityFilter.Evidence(viewer, "@sha256");
        return (await _store.QueryAsync(
                $"read evidence {sha256}",
                $"SELECT media_type, content FROM evidence WHERE sha256 = @sha256 AND {visible}",
                (c, d) => bind(c.With("@sha256", sha256), d),
                (r, _) => Verified(sha256, EvidenceBlob.Create(r.GetString(0), (byte[])r.GetValue(1))),
                cancellationToken))
            .SingleOrDefault();
    }

    // The address is the content's hash: bytes that no longer match it were damaged and prove nothing.
    private static EvidenceBlob Verified(string sha256, EvidenceBlob blob) =>
        blob.Sha256 == sha256 ? blob : throw new InvalidDataException($"evidence {sha256} in the database does not match its SHA-256 ({blob.Sha256})");

    /// <summary>Rows per multi-row insert: 4 parameters each.</summary>
    private const int InsertChunk = 128;

    private static readonly string s_insertManySql = InsertSql.Replace(
        "VALUES (@sha256, @media, @content, @stored)",
        "VALUES " + string.Join(", ", Enumerable.Range(0, InsertChunk).Select(i => $"(@sha256{i}, @media{i}, @content{i}, @stored{i})")),
        StringComparison.Ordinal);

    /// <summary>Inserts blobs not stored yet, <see cref="InsertChunk"/> rows per statement; the rest one by one.</summary>
    internal static async Task InsertManyAsync(WriteContext context, IReadOnlyCollection<EvidenceBlob> blobs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The same bytes twice in one statement would be harmless (DO NOTHING) but cost a row's binding.
        var distinct = blobs.DistinctBy(b => b.Sha256, StringComparer.Ordinal).ToList();
        var stored = context.Dialect.Time(now);
        var at = 0;
        for (; at + InsertChunk <= distinct.Count; at += InsertChunk)
        {
            var command = context.Command(s_insertManySql);
            for (var i = 0; i < InsertChunk; i++)
            {
                var blob = distinct[at + i];
                var n = i.ToString(CultureInfo.InvariantCulture);
                command.With("@sha256" + n, blob.Sha256).With("@media" + n, blob.MediaType).With("@content" + n, blob.Content.ToArray()).With("@stored" + n, stored);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        for (; at < distinct.Count; at++)
        {
            await InsertAsync(context, distinct[at], now, cancellationToken);
        }
    }

    internal static async Task InsertAsync(WriteContext context, EvidenceBlob blob, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = context.Command(InsertSql)
            .With("@sha256", blob.Sha256)
            .With("@media", blob.MediaType)
            .With("@content", blob.Content.ToArray())
            .With("@stored", context.Dialect.Time(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
