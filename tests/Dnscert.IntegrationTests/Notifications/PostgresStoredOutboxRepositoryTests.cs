using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Notifications;

/// <summary>The stored outbox on PostgreSQL (DNSCERT_TEST_PG).</summary>
public sealed class PostgresStoredOutboxRepositoryTests : StoredOutboxRepositoryTests
{
    public PostgresStoredOutboxRepositoryTests()
        : base(new PostgresBackend())
    {
    }
}
