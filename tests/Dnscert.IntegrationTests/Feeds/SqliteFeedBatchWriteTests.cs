using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Feeds;

/// <summary>The batched feed write on SQLite.</summary>
public sealed class SqliteFeedBatchWriteTests : FeedBatchWriteTests
{
    public SqliteFeedBatchWriteTests()
        : base(() => new SqliteBackend())
    {
    }
}
