using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Monitor;

/// <summary>Zone visibility and severity filters on SQLite.</summary>
public sealed class SqliteZoneVisibilityStoreTests : ZoneVisibilityStoreTests
{
    public SqliteZoneVisibilityStoreTests()
        : base(new SqliteBackend())
    {
    }
}
