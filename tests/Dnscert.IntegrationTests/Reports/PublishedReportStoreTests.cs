using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;

namespace Dnscert.IntegrationTests.Reports;

/// <summary>
/// Published reports and their consultations on a real database, run on SQLite and PostgreSQL: content stored as
/// published and refused any update, TLP deciding who reads, comments paged by keyset, closing by date and by hand
/// decided in the write's transaction, stance history with the latest per user in the tally.
/// </summary>
public abstract class PublishedReportStoreTests : IAsyncLifetime
{
    // Whole microseconds: SQLite keeps times in microseconds.
    private static readonly DateTimeOffset s_t0 = new(2026, 7, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly StoreBackend _backend;
    private DnscertStore? _store;

    protected PublishedReportStoreTests(StoreBackend backend)
    {
        _backend = backend;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await _backend.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_published_report_reads_back_as_stored_and_its_content_can_never_be_updated()
    {
        var store = await OpenAsync();
        var report = Report(Tlp.Green, commentsUntil: s_t0.AddDays(30));
        await store.PublishedReports.AddAsync(report, Ct);

        var read = await store.PublishedReports.GetAsync(report.Id, Viewer.System, Ct);
        Assert.Equal(report, read);
        Assert.Equal(PublishedReport.HashOf(read!.Html, read.Json), read.Sha256);

        // The database itself refuses to change what was published, whoever tries.
        var e = await Assert.ThrowsAnyAsync<Exception>(() => _backend.ExecuteAsync($"UPDATE published_reports SET html = 'forged' WHERE id = '{report.Id}'"));
        Assert.Contains("a published report cannot be changed", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => _backend.ExecuteAsync($"UPDATE published_reports SET comments_until = NULL WHERE id = '{report.Id}'"));
        Assert.Equal(report.Html, (await store.PublishedReports.GetAsync(report.Id, Viewer.System, Ct))!.Html);

        // Closing the consultation is the one change allowed, and only once.
        Assert.True(await store.PublishedReports.CloseAsync(report.Id, "admin", s_t0.AddDays(2), Ct));
        Assert.False(await store.PublishedReports.CloseAsync(report.Id, "other", s_t0.AddDays(3), Ct));
        var closed = await store.PublishedReports.GetAsync(report.Id, Viewer.System, Ct);
        Assert.Equal(report with { ClosedAt = s_t0.AddDays(2), ClosedBy = "admin" }, closed);
        await Assert.ThrowsAsync<StoreException>(() => store.PublishedReports.AddAsync(report with { Title = "again" }, Ct));
    }

    [Fact]
    public async Task Each_reader_sees_exactly_the_reports_their_TLP_allows_and_nothing_of_the_others()
    {
        var store = await OpenAsync();
        var reports = new[] { Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict }.Select((t, i) => Report(t, publishedAt: s_t0.AddMinutes(i))).ToList();
        foreach (var r in reports)
        {
            await store.PublishedReports.AddAsync(r, Ct);
            Assert.Equal(ConsultationOutcome.Recorded, await store.PublishedReports.AddCommentAsync(Comment(r.Id, "u1", "registry-a", s_t0.AddHours(1), $"on {r.Tlp}"), Ct));
            Assert.Equal(ConsultationOutcome.Recorded, await store.PublishedReports.AddStanceAsync(new ReportStanceEntry(r.Id, "u1", "registry-a", ReportStance.Supports, s_t0.AddHours(1)), Ct));
        }

        await Assert.ThrowsAsync<ArgumentException>(() => store.PublishedReports.AddAsync(Report(Tlp.Red), Ct));

        var readers = new (Viewer Viewer, Tlp[] Sees)[]
        {
            (Viewer.Anonymous, [Tlp.Clear]),
            (Viewer.User("stakeholder", "registry-a"), [Tlp.Clear, Tlp.Green]),
            (Viewer.User("analyst", null), [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict]),
        };
        foreach (var (viewer, sees) in readers)
        {
            var listed = (await store.PublishedReports.ListAsync(viewer, null, 100, Ct)).Items;
            Assert.Equal(sees.Reverse(), listed.Select(r => r.Tlp));
            Assert.All(listed, r => Assert.Equal("", r.Html));
            foreach (var r in reports)
            {
                var visible = sees.Contains(r.Tlp);
                Assert.Equal(visible, await store.PublishedReports.GetAsync(r.Id, viewer, Ct) is not null);
                Assert.Equal(visible ? 1 : 0, (await store.PublishedReports.ListCommentsAsync(r.Id, viewer, null, 10, Ct)).Items.Count);
                Assert.Equal(visible ? 1 : 0, (await store.PublishedReports.ListStancesAsync(r.Id, viewer, Ct)).Count);
            }
        }
    }

    [Fact]
    public async Task Reports_and_comments_page_by_keyset_without_gaps_or_repeats()
    {
        var store = await OpenAsync();
        var reports = Enumerable.Range(0, 5).Select(i => Report(Tlp.Clear, publishedAt: s_t0.AddMinutes(i))).ToList();
        foreach (var r in reports)
        {
            await store.PublishedReports.AddAsync(r, Ct);
        }

        var seen = new List<Guid>();
        PublishedReportCursor? after = null;
        do
        {
            var page = await store.PublishedReports.ListAsync(Viewer.Anonymous, after, 2, Ct);
            seen.AddRange(page.Items.Select(r => r.Id));
            after = page.Next;
        }
        while (after is not null);
        Assert.Equal(reports.Select(r => r.Id).Reverse(), seen);

        var target = reports[0].Id;
        // Two comments share a time: the id breaks the tie, so none is lost between pages.
        var comments = Enumerable.Range(0, 7).Select(i => Comment(target, $"user{i}", "registry-a", s_t0.AddSeconds(i / 2), $"comment {i}")).ToList();
        foreach (var c in comments)
        {
            Assert.Equal(ConsultationOutcome.Recorded, await store.PublishedReports.AddCommentAsync(c, Ct));
        }

        var read = new List<ReportComment>();
        ReportCommentCursor? next = null;
        do
        {
            var page = await store.PublishedReports.ListCommentsAsync(target, Viewer.Anonymous, next, 3, Ct);
            read.AddRange(page.Items);
            next = page.Next;
        }
        while (next is not null);
        Assert.Equal(comments.OrderBy(c => c.At).ThenBy(c => c.Id), read);
    }

    [Fact]
    public async Task Comments_and_stances_are_refused_after_the_closing_date_after_closing_by_hand_and_for_unknown_reports()
    {
        var store = await OpenAsync();
        var until = s_t0.AddDays(10);
        var dated = Report(Tlp.Green, commentsUntil: until);
        var open = Report(Tlp.Green);
        await store.PublishedReports.AddAsync(dated, Ct);
        await store.PublishedReports.AddAsync(open, Ct);

        Assert.Equal(ConsultationOutcome.Recorded, await store.PublishedReports.AddCommentAsync(Comment(dated.Id, "u", "registry-a", until.AddSeconds(-1), "just in time"), Ct));
        Assert.Equal(ConsultationOutcome.Closed, await store.PublishedReports.AddCommentAsync(Comment(dated.Id, "u", "registry-a", until, "too late"), Ct));
        Assert.Equal(ConsultationOutcome.Closed, await store.PublishedReports.AddStanceAsync(new ReportStanceEntry(dated.Id, "u", "registry-a", ReportStance.Opposes, until.AddDays(1)), Ct));

        Assert.Equal(ConsultationOutcome.Recorded, await store.PublishedReports.AddCommentAsync(Comment(open.Id, "u", "registry-a", s_t0.AddYears(1), "no closing date"), Ct));
        Assert.True(await store.PublishedReports.CloseAsync(open.Id, "admin", s_t0.AddYears(1).AddHours(1), Ct));
        Assert.Equal(ConsultationOutcome.Closed, await store.PublishedReports.AddCommentAsync(Comment(open.Id, "u", "registry-a", s_t0.AddYears(1).AddHours(2), "after closing"), Ct));
        Assert.Equal(ConsultationOutcome.Closed, await store.PublishedReports.AddStanceAsync(new ReportStanceEntry(open.Id, "u", "registry-a", ReportStance.Supports, s_t0.AddYears(1).AddHours(2)), Ct));

        Assert.Equal(ConsultationOutcome.NotFound, await store.PublishedReports.AddCommentAsync(Comment(Guid.CreateVersion7(), "u", "registry-a", s_t0, "nowhere"), Ct));
        Assert.Equal(["just in time"], (await store.PublishedReports.ListCommentsAsync(dated.Id, Viewer.System, null, 10, Ct)).Items.Select(c => c.Text));
        Assert.Equal(["no closing date"], (await store.PublishedReports.ListCommentsAsync(open.Id, Viewer.System, null, 10, Ct)).Items.Select(c => c.Text));
        Assert.Empty(await store.PublishedReports.ListStancesAsync(dated.Id, Viewer.System, Ct));
    }

    [Fact]
    public async Task Stances_keep_their_history_the_tally_counts_each_users_latest_and_changes_are_bounded()
    {
        var store = await OpenAsync();
        var report = Report(Tlp.Clear);
        await store.PublishedReports.AddAsync(report, Ct);
        var entries = new[]
        {
            new ReportStanceEntry(report.Id, "alice", "registry-a", ReportStance.Supports, s_t0.AddHours(1)),
            new ReportStanceEntry(report.Id, "bob", "registry-b", ReportStance.SupportsWithReservations, s_t0.AddHours(2)),
            new ReportStanceEntry(report.Id, "alice", "registry-a", ReportStance.Opposes, s_t0.AddHours(3)),
            new ReportStanceEntry(report.Id, "carol", "registry-a", ReportStance.Supports, s_t0.AddHours(4)),
        };
        foreach (var e in entries)
        {
            Assert.Equal(ConsultationOutcome.Recorded, await store.PublishedReports.AddStanceAsync(e, Ct));
        }

        var history = await store.PublishedReports.ListStancesAsync(report.Id, Viewer.Anonymous, Ct);
        Assert.Equal(entries, history);
        var tally = ReportTally.Of(history);
        Assert.Equal((1, 1, 1), (tally.Supports, tally.SupportsWithReservations, tally.Opposes));
        Assert.Equal([("registry-a", 1, 0, 1), ("registry-b", 0, 1, 0)], tally.ByOrganisation);

        for (var i = 2; i < 50; i++)
        {
            Assert.Equal(ConsultationOutcome.Recorded, await store.PublishedReports.AddStanceAsync(entries[0] with { At = s_t0.AddHours(4 + i) }, Ct));
        }

        Assert.Equal(ConsultationOutcome.LimitReached, await store.PublishedReports.AddStanceAsync(entries[0] with { At = s_t0.AddDays(30) }, Ct));
        Assert.Equal(ConsultationOutcome.Recorded, await store.PublishedReports.AddStanceAsync(entries[1] with { At = s_t0.AddDays(30) }, Ct));
    }

    private static PublishedReport Report(Tlp tlp, DateTimeOffset? commentsUntil = null, DateTimeOffset? publishedAt = null)
    {
        const string html = "<!DOCTYPE html><html><body><p id=\"total\">42</p></body></html>";
        const string json = "{\"total_affected\": 42}";
        return new PublishedReport(
            Guid.CreateVersion7(), "threats", $"Quarterly {tlp} report", new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30), "fr", tlp, "analyst",
            publishedAt ?? s_t0, PublishedReport.HashOf(html, json), html, json, commentsUntil, null, null);
    }

    private static ReportComment Comment(Guid report, string author, string? organisation, DateTimeOffset at, string text) =>
        new(Guid.CreateVersion7(), report, author, organisation, at, text);

    private async Task<DnscertStore> OpenAsync()
    {
        await _backend.RequireAsync();
        _store = await StoreFactory.OpenAsync(_backend.Options(), cancellationToken: Ct);
        return _store;
    }
}
