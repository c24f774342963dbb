using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Coordination;

/// <summary>Coordination store tests on SQLite.</summary>
public sealed class SqliteCoordinationStoreTests : CoordinationStoreTests
{
    public SqliteCoordinationStoreTests()
        : base(new SqliteBackend())
    {
    }
}
