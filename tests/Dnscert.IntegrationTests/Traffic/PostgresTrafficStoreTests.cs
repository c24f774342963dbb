using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>Traffic store tests on PostgreSQL (DNSCERT_TEST_PG).</summary>
public sealed class PostgresTrafficStoreTests : TrafficStoreTests
{
    public PostgresTrafficStoreTests()
        : base(new PostgresBackend())
    {
    }
}
