using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>Traffic store tests on SQLite.</summary>
public sealed class SqliteTrafficStoreTests : TrafficStoreTests
{
    public SqliteTrafficStoreTests()
        : base(new SqliteBackend())
    {
    }
}
