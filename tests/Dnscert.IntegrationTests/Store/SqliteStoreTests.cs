using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Store;
using static Dnscert.IntegrationTests.Store.StoreSamples;

namespace Dnscert.IntegrationTests.Store;

/// <summary>The store contract on SQLite, plus what only SQLite has: the file, WAL mode, a size limit standing in for a full disk.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    public SqliteStoreTests()
        : base(new SqliteBackend())
    {
    }

    private SqliteBackend Sqlite => (SqliteBackend)Backend;

    [Fact]
    public async Task The_database_is_one_file_in_the_data_directory_in_WAL_mode()
    {
        var store = await OpenAsync();
        Assert.Equal($"SQLite database {Sqlite.DatabasePath}", store.Description);
        Assert.True(File.Exists(Sqlite.DatabasePath));
        await Sqlite.ExecuteAsync("SELECT 1");
        Assert.Equal(1, await Sqlite.ScalarAsync("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"));
        Assert.Equal(16384, await Sqlite.ScalarAsync("PRAGMA page_size"));
    }

    [Fact]
    public async Task A_store_created_with_another_page_size_keeps_it_and_opens_as_before()
    {
        // A file created by SQLite's defaults (as stores were before 16 KiB pages): the page size is the file's own.
        Directory.CreateDirectory(Path.GetDirectoryName(Sqlite.DatabasePath)!);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Sqlite.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE before_16k (x INTEGER)";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), Ct);
        await store.Zones.SaveAsync(Zone("example.test"), cancellationToken: Ct);

        Assert.Equal(4096, await Sqlite.ScalarAsync("PRAGMA page_size"));
        Assert.NotNull(await store.Zones.GetAsync("example.test", cancellationToken: Ct));
    }

    [Fact]
    public async Task A_full_disk_fails_the_write_with_a_clear_error_and_stores_nothing_of_it()
    {
        // An empty store is about 95 pages of 16 KiB (1.5 MiB); the limit leaves room for small writes, not the blob.
        var store = await OpenAsync(o => o.SqliteMaxSize = 3 * 1024 * 1024);
        await store.Zones.SaveSetAsync(Set(), cancellationToken: Ct);
        await store.Zones.SaveAsync(Zone("example.test"), cancellationToken: Ct);
        var big = EvidenceBlob.Create("application/octet-stream", new byte[4 * 1024 * 1024]);
        var run = Run("example.test", T0, big);

        var e = await Assert.ThrowsAsync<StoreException>(() => store.CheckRuns.AddAsync(run, [big], cancellationToken: Ct));

        Assert.Contains("full", e.Message, StringComparison.Ordinal);
        Assert.Contains(Sqlite.DatabasePath, e.Message, StringComparison.Ordinal);
        Assert.Contains($"store check run {run.Id} of example.test", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
        Assert.Null(await store.CheckRuns.GetAsync(run.Id, cancellationToken: Ct));
        Assert.Null(await store.Evidence.GetAsync(big.Sha256, cancellationToken: Ct));

        // Small writes still fit; the store goes on.
        await store.Zones.SaveAsync(Zone("after.test"), cancellationToken: Ct);
        Assert.NotNull(await store.Zones.GetAsync("after.test", cancellationToken: Ct));
    }

    [Fact]
    public async Task A_read_only_database_file_gives_a_clear_error_and_no_retry()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(Set(), Ct);
        await store.DisposeAsync();

        // Root ignores file modes, so the file is made immutable instead (ext4, as /tmp is here and on CI).
        var chattr = await ProcessRunner.RunAsync("chattr", ["+i", Sqlite.DatabasePath]);
        Assert.SkipWhen(chattr.ExitCode != 0, $"chattr +i is not possible here: {chattr.Error}");
        try
        {
            var e = await Assert.ThrowsAsync<StoreException>(async () =>
            {
                await using var readOnly = await StoreFactory.OpenAsync(Sqlite.Options(), cancellationToken: Ct);
                await readOnly.Zones.SaveSetAsync(Set("other"), Ct);
            });

            Assert.Contains(Sqlite.DatabasePath, e.Message, StringComparison.Ordinal);
            Assert.Contains("readonly", e.Message, StringComparison.Ordinal);
            Assert.False(e.IsTransient);
        }
        finally
        {
            await ProcessRunner.RunAsync("chattr", ["-i", Sqlite.DatabasePath]);
        }
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_gives_a_clear_error()
    {
        var file = Path.GetTempFileName();
        try
        {
            var options = new StoreOptions { DataDirectory = Path.Combine(file, "sub") };
            var e = await Assert.ThrowsAsync<StoreException>(() => StoreFactory.OpenAsync(options, cancellationToken: Ct));
            Assert.Contains("cannot create the data directory", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    protected override async Task AfterCrashAsync() => Assert.Equal("ok", await Sqlite.IntegrityCheckAsync());
}
