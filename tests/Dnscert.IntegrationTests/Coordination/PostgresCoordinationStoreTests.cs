using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Coordination;

/// <summary>Coordination store tests on PostgreSQL (DNSCERT_TEST_PG).</summary>
public sealed class PostgresCoordinationStoreTests : CoordinationStoreTests
{
    public PostgresCoordinationStoreTests()
        : base(new PostgresBackend())
    {
    }
}
