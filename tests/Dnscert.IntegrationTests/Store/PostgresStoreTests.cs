using System.Diagnostics;
using Dnscert.Core.Store;
using Dnscert.Store;

namespace Dnscert.IntegrationTests.Store;

/// <summary>
/// The store contract on PostgreSQL (DNSCERT_TEST_PG, a fresh schema per test). Without a server it skips on a
/// laptop and fails on CI.
/// </summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    public PostgresStoreTests()
        : base(new PostgresBackend())
    {
    }

    [Fact]
    public async Task The_description_names_server_database_and_schema_but_no_password()
    {
        var store = await OpenAsync();
        Assert.StartsWith("PostgreSQL database 127.0.0.1:", store.Description, StringComparison.Ordinal);
        Assert.Contains("(schema dnscert_test_", store.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", store.Description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sessions_ended_by_the_server_are_replaced_and_the_write_retried()
    {
        var store = await OpenAsync();
        await store.Zones.SaveSetAsync(StoreSamples.Set("first"), Ct);
        Assert.NotNull(await store.Zones.GetSetAsync("first", Ct));

        await ((PostgresBackend)Backend).TerminateSessionsAsync();
        await store.Zones.SaveSetAsync(StoreSamples.Set("second"), Ct);

        Assert.NotNull(await store.Zones.GetSetAsync("second", Ct));
        Assert.True(store.Statistics.Retries >= 1, store.Statistics.ToString());
    }

    [Fact]
    public async Task A_role_that_may_only_read_opens_the_store_reads_and_gets_a_clear_error_on_write()
    {
        var owner = await OpenAsync();
        await owner.Zones.SaveSetAsync(StoreSamples.Set(), Ct);
        var pg = (PostgresBackend)Backend;
        var role = pg.Schema + "_reader";
        await pg.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'reader'; GRANT USAGE ON SCHEMA {pg.Schema} TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA {pg.Schema} TO {role}");
        try
        {
            var options = Backend.Options();
            options.PostgreSql = new Npgsql.NpgsqlConnectionStringBuilder(pg.ConnectionString) { Username = role, Password = "reader" }.ConnectionString;
            await using (var reader = await StoreFactory.OpenAsync(options, cancellationToken: Ct))
            {
                Assert.NotNull(await reader.Zones.GetSetAsync("tld", Ct));

                var e = await Assert.ThrowsAsync<StoreException>(() => reader.Zones.SaveSetAsync(StoreSamples.Set("other"), Ct));

                Assert.Contains("save zone set other failed: permission denied for table zone_sets (SQLSTATE 42501)", e.Message, StringComparison.Ordinal);
                Assert.False(e.IsTransient);
                Assert.Equal(0, reader.Statistics.Retries);
            }
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await pg.ExecuteAsync($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task An_unreachable_server_gives_a_clear_error_within_bounded_time()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once, every attempt fails the same way.
        var options = new StoreOptions
        {
            PostgreSql = "Host=127.0.0.1;Port=1;Username=dnscert;Password=secret;Database=dnscert",
            MaxAttempts = 3,
            RetryInitialDelay = TimeSpan.FromMilliseconds(100),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        };
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<StoreException>(() => StoreFactory.OpenAsync(options, cancellationToken: Ct));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.StartsWith("PostgreSQL database 127.0.0.1:1/dnscert: open failed after 3 attempts", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused_without_repeating_it()
    {
        var options = new StoreOptions { PostgreSql = "Host=127.0.0.1;Password=secret;NoSuchKeyword=1" };
        var e = await Assert.ThrowsAsync<StoreException>(() => StoreFactory.OpenAsync(options, cancellationToken: Ct));
        Assert.Contains("Dnscert:Store:PostgreSql", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }
}
