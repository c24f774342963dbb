using CsCheck;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Store;

namespace Dnscert.UnitTests.Store;

/// <summary>
/// The zone name search is typed by strangers into the dashboard and the API and becomes a SQL LIKE pattern: whatever
/// the text (LIKE wildcards, the escape character, quotes, very long input), the store returns exactly the zones whose
/// name contains it, or refuses a text longer than any domain name with a clear error, and never fails otherwise.
/// </summary>
public sealed class ZoneSearchPropertyTests
{
    private static readonly string[] s_names =
        ["a%b.test", "a_b.test", "axb.test", "a!b.test", "a!!b.test", "o'neil.test", "plain.test", "%.test", "_.test", "ab.example"];

    [Fact]
    public async Task A_search_returns_exactly_the_zones_whose_name_contains_the_text()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("dnscert-zone-search-");
        try
        {
            await using var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory.FullName }, cancellationToken: ct);
            await store.Zones.SaveSetAsync(new ZoneSet("s", [], TimeSpan.FromHours(1)), ct);
            foreach (var name in s_names)
            {
                await store.Zones.SaveAsync(new MonitoredZone(name, "s", [], DateTimeOffset.UnixEpoch), ct);
            }

            var viewer = Viewer.User("staff", null);
            // One sample at a time: the store is shared, and the SQLite reader pool is what is under test, not threads.
            await Gen.Char["ab%_!'\\.tx\"\u00e9"].Array[1, 6].Select(c => new string(c)).SampleAsync(
                async text =>
                {
                    var got = (await store.Zones.ListAsync(new ZoneQuery(viewer, NameContains: text), null, 100, ct)).Items.Select(z => z.Name).Order(StringComparer.Ordinal);
                    var expected = s_names.Where(n => n.Contains(text, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
                    Assert.Equal(expected, got);
                },
                iter: 300,
                threads: 1);

            var tooLong = new string('a', 254);
            var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.Zones.ListAsync(new ZoneQuery(viewer, NameContains: tooLong), null, 10, ct));
            Assert.Contains("zone name filter is longer than 253 characters", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Severity_and_set_filters_combine_with_the_search_in_one_query()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("dnscert-zone-search-");
        try
        {
            await using var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory.FullName }, cancellationToken: ct);
            await store.Zones.SaveSetAsync(new ZoneSet("s", [], TimeSpan.FromHours(1)), ct);
            await store.Zones.SaveAsync(new MonitoredZone("bad.test", "s", [], DateTimeOffset.UnixEpoch), ct);
            await store.Zones.SaveAsync(new MonitoredZone("good.test", "s", [], DateTimeOffset.UnixEpoch), ct);
            var started = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
            await store.CheckRuns.AddAsync(new StoredCheckRun(Guid.CreateVersion7(), "bad.test", started, TimeSpan.FromSeconds(1), Severity.Critical, new SeverityCounts(0, 0, 0, 0, 0, 1), "t", "{}", []), [], ct);
            await store.CheckRuns.AddAsync(new StoredCheckRun(Guid.CreateVersion7(), "good.test", started, TimeSpan.FromSeconds(1), Severity.Info, new SeverityCounts(0, 1, 0, 0, 0, 0), "t", "{}", []), [], ct);
            var viewer = Viewer.User("staff", null);
            Assert.Equal(["bad.test"], (await store.Zones.ListAsync(new ZoneQuery(viewer, ".test", "s", Severity.Critical), null, 10, ct)).Items.Select(z => z.Name));
            Assert.Empty((await store.Zones.ListAsync(new ZoneQuery(viewer, "good", "s", Severity.Critical), null, 10, ct)).Items);
            Assert.Empty((await store.Zones.ListAsync(new ZoneQuery(viewer, ".test", "other", Severity.Critical), null, 10, ct)).Items);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
