using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Campaigns;

/// <summary>Campaign store tests on PostgreSQL (DNSCERT_TEST_PG).</summary>
public sealed class PostgresCampaignStoreTests : CampaignStoreTests
{
    public PostgresCampaignStoreTests()
        : base(new PostgresBackend())
    {
    }
}
