using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Reports;

public sealed class SqliteObservationStatisticsTests : ObservationStatisticsTests
{
    public SqliteObservationStatisticsTests()
        : base(new SqliteBackend())
    {
    }
}
