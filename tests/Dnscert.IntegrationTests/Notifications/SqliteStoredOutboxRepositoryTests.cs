using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Notifications;

/// <summary>The stored outbox on SQLite.</summary>
public sealed class SqliteStoredOutboxRepositoryTests : StoredOutboxRepositoryTests
{
    public SqliteStoredOutboxRepositoryTests()
        : base(new SqliteBackend())
    {
    }
}
