using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Reports;

public sealed class SqlitePublishedReportStoreTests : PublishedReportStoreTests
{
    public SqlitePublishedReportStoreTests()
        : base(new SqliteBackend())
    {
    }
}
