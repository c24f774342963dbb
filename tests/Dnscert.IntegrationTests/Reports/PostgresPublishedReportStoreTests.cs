using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Reports;

/// <summary>The same on PostgreSQL (DNSCERT_TEST_PG); skips without a server on a laptop, fails on CI.</summary>
public sealed class PostgresPublishedReportStoreTests : PublishedReportStoreTests
{
    public PostgresPublishedReportStoreTests()
        : base(new PostgresBackend())
    {
    }
}
