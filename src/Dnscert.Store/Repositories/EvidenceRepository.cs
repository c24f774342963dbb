using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text;
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
        .SingleOrDefault()
        ?? await InlineAsync(sha256, null, cancellationToken);

    public async Task<EvidenceBlob?> GetVisibleAsync(string sha256, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var (visible, bind) = VisibilityFilter.Evidence(viewer, "@sha256");
        return (await _store.QueryAsync(
                $"read evidence {sha256}",
                $"SELECT media_type, content FROM evidence WHERE sha256 = @sha256 AND {visible}",
                (c, d) => bind(c.With("@sha256", sha256), d),
                (r, _) => Verified(sha256, EvidenceBlob.Create(r.GetString(0), (byte[])r.GetValue(1))),
                cancellationToken))
            .SingleOrDefault()
            ?? await InlineAsync(sha256, viewer, cancellationToken);
    }

    /// <summary>
    /// A raw line kept inside the observations citing it (migration 0011): the first line of a citing observation (one
    /// the viewer may see, when there is a viewer) whose SHA-256 is the id. The id is only in the observation's JSON
    /// list, so this scans the observations, as the visibility rule for evidence already does.
    /// </summary>
    private async Task<EvidenceBlob?> InlineAsync(string sha256, Viewer? viewer, CancellationToken cancellationToken)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        (string Sql, Action<DbCommand, StoreDialect> Bind) filter = viewer is null ? ("1 = 1", static (_, _) => { }) : VisibilityFilter.Observations(viewer, "o");
        var (visible, bind) = filter;
        var texts = await _store.QueryAsync(
            $"read evidence {sha256}",
            $"SELECT o.evidence_text FROM observations o WHERE o.evidence_text IS NOT NULL AND o.evidence_ids LIKE '%\"' || @sha256 || '\"%' AND {visible}",
            (c, d) => bind(c.With("@sha256", sha256), d),
            (r, _) => r.GetString(0),
            cancellationToken);
        foreach (var text in texts)
        {
            foreach (var line in Codes.ListOf(text))
            {
                var bytes = Encoding.UTF8.GetBytes(line);
                if (EvidenceBlob.HashOf(bytes) == sha256)
                {
                    return EvidenceBlob.Create("text/plain", bytes);
                }
            }
        }

        return null;
    }

    // The address is the content's hash: bytes that no longer match it were damaged and prove nothing.
    private static EvidenceBlob Verified(string sha256, EvidenceBlob blob) =>
        blob.Sha256 == sha256 ? blob : throw new InvalidDataException($"evidence {sha256} in the database does not match its SHA-256 ({blob.Sha256})");

    /// <summary>Inserts blobs not stored yet, many rows per statement where the backend likes that (<see cref="BulkStatements"/>).</summary>
    internal static Task InsertManyAsync(WriteContext context, IReadOnlyCollection<EvidenceBlob> blobs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The same bytes twice in one statement would be harmless (DO NOTHING) but cost a row's binding.
        // In key order, so consecutive inserts descend to neighbouring pages of the evidence index.
        var distinct = blobs.DistinctBy(b => b.Sha256, StringComparer.Ordinal).OrderBy(b => b.Sha256, StringComparer.Ordinal).ToList();
        var stored = context.Dialect.Time(now);
        return BulkStatements.RunAsync(context, InsertSql, "(@sha256, @media, @content, @stored)", distinct, (blob, _, v) =>
        {
            v[0] = blob.Sha256;
            v[1] = blob.MediaType;
            v[2] = Bytes(blob);
            v[3] = stored;
        }, cancellationToken);
    }

    /// <summary>The blob's own array when it holds exactly the content (as <see cref="EvidenceBlob.Create"/> makes it): binding copies it anyway.</summary>
    private static byte[] Bytes(EvidenceBlob blob) =>
        MemoryMarshal.TryGetArray(blob.Content, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : blob.Content.ToArray();

    internal static async Task InsertAsync(WriteContext context, EvidenceBlob blob, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = context.Command(InsertSql)
            .With("@sha256", blob.Sha256)
            .With("@media", blob.MediaType)
            .With("@content", Bytes(blob))
            .With("@stored", context.Dialect.Time(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
