using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;
using Dnscert.Store.Visibility;

namespace Dnscert.Store.Repositories;

internal sealed class TrafficRepository : ITrafficRepository
{
    private const string Columns = "id, source, tlp, stored_at, first_seen, last_seen, bucket_seconds, summary";

    private const string UpsertCaptureSql =
        $"INSERT INTO traffic_captures ({Columns}) VALUES (@id, @source, @tlp, @stored, @first, @last, @bucket, @summary) "
        + "ON CONFLICT (id) DO UPDATE SET source = excluded.source, tlp = excluded.tlp, stored_at = excluded.stored_at, "
        + "first_seen = excluded.first_seen, last_seen = excluded.last_seen, bucket_seconds = excluded.bucket_seconds, summary = excluded.summary";

    private const string UpsertBucketSql =
        "INSERT INTO traffic_buckets (capture_id, start, messages, queries, responses, counts) VALUES (@id, @start, @messages, @queries, @responses, @counts) "
        + "ON CONFLICT (capture_id, start) DO UPDATE SET messages = excluded.messages, queries = excluded.queries, responses = excluded.responses, counts = excluded.counts";

    private const string InsertDetectionSql =
        "INSERT INTO traffic_detections (capture_id, position, detector, threat_type, severity, subject, window_start, window_end, summary) "
        + "VALUES (@id, @position, @detector, @threat, @severity, @subject, @wstart, @wend, @summary)";

    private readonly DnscertStore _store;

    public TrafficRepository(DnscertStore store) => _store = store;

    public async Task SaveAsync(TrafficCapture capture, IReadOnlyList<TrafficBucket> buckets, IReadOnlyList<TrafficDetectionEntry> newDetections, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(newDetections);
        if (buckets.Count > ITrafficRepository.MaxBucketsPerCapture)
        {
            throw new ArgumentException($"{buckets.Count} buckets for one capture; at most {ITrafficRepository.MaxBucketsPerCapture} are kept", nameof(buckets));
        }

        await _store.WriteAsync(
            $"save traffic capture {capture.Id}",
            async (context, token) =>
            {
                await context.Command(UpsertCaptureSql)
                    .With("@id", context.Dialect.Id(capture.Id))
                    .With("@source", capture.Source)
                    .With("@tlp", Codes.Of(capture.Tlp))
                    .With("@stored", context.Dialect.Time(capture.StoredAt))
                    .With("@first", capture.First is { } first ? context.Dialect.Time(first) : null)
                    .With("@last", capture.Last is { } last ? context.Dialect.Time(last) : null)
                    .With("@bucket", (int)capture.BucketWidth.TotalSeconds)
                    .With("@summary", JsonSerializer.Serialize(capture.Summary, StoreJsonContext.Default.TrafficSummary))
                    .ExecuteNonQueryAsync(token);
                // Who it is shared with is rewritten with every snapshot of a live session, in the same transaction.
                await context.Command("DELETE FROM traffic_capture_recipients WHERE capture_id = @id").With("@id", context.Dialect.Id(capture.Id)).ExecuteNonQueryAsync(token);
                await context.Command("DELETE FROM traffic_capture_people WHERE capture_id = @id").With("@id", context.Dialect.Id(capture.Id)).ExecuteNonQueryAsync(token);
                foreach (var organisation in capture.Recipients.Distinct(StringComparer.Ordinal))
                {
                    await context.Command("INSERT INTO traffic_capture_recipients (capture_id, organisation) VALUES (@id, @organisation)")
                        .With("@id", context.Dialect.Id(capture.Id)).With("@organisation", organisation).ExecuteNonQueryAsync(token);
                }

                foreach (var person in capture.People.Distinct(StringComparer.Ordinal))
                {
                    await context.Command("INSERT INTO traffic_capture_people (capture_id, user_name) VALUES (@id, @person)")
                        .With("@id", context.Dialect.Id(capture.Id)).With("@person", person).ExecuteNonQueryAsync(token);
                }

                foreach (var bucket in buckets)
                {
                    var counts = new TrafficBucketCounts(bucket.Truncated, bucket.UniqueClients, bucket.UniqueQnames, bucket.QueryTypes, bucket.ResponseCodes);
                    await context.Command(UpsertBucketSql)
                        .With("@id", context.Dialect.Id(capture.Id))
                        .With("@start", context.Dialect.Time(bucket.Start))
                        .With("@messages", bucket.Messages)
                        .With("@queries", bucket.Queries)
                        .With("@responses", bucket.Responses)
                        .With("@counts", JsonSerializer.Serialize(counts, StoreJsonContext.Default.TrafficBucketCounts))
                        .ExecuteNonQueryAsync(token);
                }

                if (newDetections.Count > 0)
                {
                    var count = context.Command("SELECT COUNT(*) FROM traffic_detections WHERE capture_id = @id").With("@id", context.Dialect.Id(capture.Id));
                    var position = Convert.ToInt32(await count.ExecuteScalarAsync(token), CultureInfo.InvariantCulture);
                    foreach (var detection in newDetections.Take(Math.Max(0, ITrafficRepository.MaxDetectionsPerCapture - position)))
                    {
                        await context.Command(InsertDetectionSql)
                            .With("@id", context.Dialect.Id(capture.Id))
                            .With("@position", position++)
                            .With("@detector", detection.DetectorId)
                            .With("@threat", detection.ThreatTypeId)
                            .With("@severity", (int)detection.Severity)
                            .With("@subject", detection.Subject)
                            .With("@wstart", context.Dialect.Time(detection.WindowStart))
                            .With("@wend", context.Dialect.Time(detection.WindowEnd))
                            .With("@summary", detection.Summary)
                            .ExecuteNonQueryAsync(token);
                    }
                }

                return null;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<TrafficCapture>> ListAsync(Viewer viewer, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        Limits.Page(limit);
        var (visible, bind) = VisibilityFilter.TrafficCaptures(viewer, "t");
        return await _store.QueryAsync(
            "list traffic captures",
            $"SELECT {Columns} FROM traffic_captures t WHERE {visible} ORDER BY stored_at DESC, id DESC LIMIT @limit",
            (c, d) =>
            {
                bind(c, d);
                c.With("@limit", limit);
            },
            ReadCapture,
            cancellationToken);
    }

    public async Task<TrafficCaptureDetail?> GetAsync(Guid id, Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (visible, bind) = VisibilityFilter.TrafficCaptures(viewer, "t");
        return await _store.ReadAsync(
            $"read traffic capture {id}",
            async (connection, token) =>
            {
                var captures = await _store.QueryAsync(
                    connection,
                    $"SELECT {Columns} FROM traffic_captures t WHERE t.id = @id AND {visible}",
                    (c, d) =>
                    {
                        bind(c, d);
                        c.With("@id", d.Id(id));
                    },
                    ReadCapture,
                    token);
                if (captures.Count == 0)
                {
                    return null;
                }

                var recipients = await _store.QueryAsync(
                    connection,
                    "SELECT organisation FROM traffic_capture_recipients WHERE capture_id = @id ORDER BY organisation",
                    (c, d) => c.With("@id", d.Id(id)),
                    static (r, _) => r.GetString(0),
                    token);
                var people = await _store.QueryAsync(
                    connection,
                    "SELECT user_name FROM traffic_capture_people WHERE capture_id = @id ORDER BY user_name",
                    (c, d) => c.With("@id", d.Id(id)),
                    static (r, _) => r.GetString(0),
                    token);

                var buckets = await _store.QueryAsync(
                    connection,
                    "SELECT start, messages, queries, responses, counts FROM traffic_buckets WHERE capture_id = @id ORDER BY start",
                    (c, d) => c.With("@id", d.Id(id)),
                    ReadBucket,
                    token);
                var detections = await _store.QueryAsync(
                    connection,
                    "SELECT detector, threat_type, severity, subject, window_start, window_end, summary FROM traffic_detections WHERE capture_id = @id ORDER BY window_start, position",
                    (c, d) => c.With("@id", d.Id(id)),
                    static (r, d) => new TrafficDetectionEntry(r.GetString(0), r.GetString(1), (Severity)r.GetInt32(2), r.GetString(3), d.ReadTime(r, 4), d.ReadTime(r, 5), r.GetString(6)),
                    token);
                return new TrafficCaptureDetail(captures[0] with { Recipients = recipients, People = people }, buckets, detections);
            },
            cancellationToken);
    }

    public async Task<int> DeleteStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        await _store.ExecuteAsync(
            "delete old traffic captures",
            "DELETE FROM traffic_captures WHERE stored_at < @cutoff",
            (c, d) => c.With("@cutoff", d.Time(cutoff)),
            cancellationToken);

    private static TrafficCapture ReadCapture(DbDataReader r, StoreDialect d) => new(
        d.ReadId(r, 0),
        r.GetString(1),
        Codes.TlpOf(r.GetString(2)),
        d.ReadTime(r, 3),
        r.IsDBNull(4) ? null : d.ReadTime(r, 4),
        r.IsDBNull(5) ? null : d.ReadTime(r, 5),
        TimeSpan.FromSeconds(r.GetInt32(6)),
        JsonSerializer.Deserialize(r.GetString(7), StoreJsonContext.Default.TrafficSummary)
            ?? throw new InvalidDataException("traffic_captures.summary is null JSON"));

    private static TrafficBucket ReadBucket(DbDataReader r, StoreDialect d)
    {
        var counts = JsonSerializer.Deserialize(r.GetString(4), StoreJsonContext.Default.TrafficBucketCounts)
            ?? throw new InvalidDataException("traffic_buckets.counts is null JSON");
        return new TrafficBucket(d.ReadTime(r, 0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), counts.Truncated, counts.UniqueClients, counts.UniqueQnames, counts.QueryTypes, counts.ResponseCodes);
    }
}
