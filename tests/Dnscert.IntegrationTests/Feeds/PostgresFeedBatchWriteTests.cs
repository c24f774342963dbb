using Dnscert.IntegrationTests.Store;

namespace Dnscert.IntegrationTests.Feeds;

/// <summary>The batched feed write on PostgreSQL (DNSCERT_TEST_PG, fresh schemas); skips on a laptop without it, fails on CI.</summary>
public sealed class PostgresFeedBatchWriteTests : FeedBatchWriteTests
{
    public PostgresFeedBatchWriteTests()
        : base(() => new PostgresBackend())
    {
    }
}
