using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Monitor;

/// <summary>Zone visibility and severity filters on PostgreSQL (DNSCERT_TEST_PG).</summary>
public sealed class PostgresZoneVisibilityStoreTests : ZoneVisibilityStoreTests
{
    public PostgresZoneVisibilityStoreTests()
        : base(new PostgresBackend())
    {
    }
}
