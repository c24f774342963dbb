using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Campaigns;

/// <summary>Campaign store tests on SQLite.</summary>
public sealed class SqliteCampaignStoreTests : CampaignStoreTests
{
    public SqliteCampaignStoreTests()
        : base(new SqliteBackend())
    {
    }
}
