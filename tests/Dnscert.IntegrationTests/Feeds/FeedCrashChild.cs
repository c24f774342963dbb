using System.Globalization;
using System.Text;
using Dnscert.Core.Store;
using Dnscert.Feeds;
using Dnscert.Feeds.Ingestion;
using Dnscert.Feeds.PublicSuffix;
using Dnscert.IntegrationTests.Store;
using Dnscert.Store;

namespace Dnscert.IntegrationTests.Feeds;

/// <summary>
/// The process the feed crash test kills with SIGKILL (see <see cref="CrashChild"/>, whose process runner it shares):
/// it ingests feed batch after batch through <see cref="FeedObservationWriter"/> until killed, printing "ack N." after
/// batch N is committed. Batch N holds <see cref="DomainsPerBatch"/> new domains <c>bN-i.example.fr</c> and re-reports
/// <c>shared.example.fr</c>, so each batch also updates an observation an earlier batch created.
/// </summary>
public sealed class FeedCrashChild
{
    public const int DomainsPerBatch = 400;

    public static string TestName => $"{typeof(FeedCrashChild).FullName}.{nameof(Ingest_feed_batches_until_killed)}";

    internal static PublicSuffixList Psl { get; } = PublicSuffixList.Parse(new StringReader("fr\nexample.fr\n"));

    [Fact(Explicit = true)]
    public async Task Ingest_feed_batches_until_killed()
    {
        var spec = Environment.GetEnvironmentVariable(CrashChild.EnvironmentVariable) ?? "";
        Assert.SkipWhen(spec.Length == 0, $"runs only as the feed crash test's child process ({CrashChild.EnvironmentVariable} is not set)");

        var parts = spec.Split('|', 2);
        var options = new StoreOptions();
        if (parts[0] == "sqlite")
        {
            options.DataDirectory = parts[1];
        }
        else
        {
            options.PostgreSql = parts[1];
        }

        await using var store = await StoreFactory.OpenAsync(options, cancellationToken: TestContext.Current.CancellationToken);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        for (var batch = 0; !deadline.IsCancellationRequested; batch++)
        {
            var feed = new StringBuilder("shared.example.fr\n");
            for (var i = 0; i < DomainsPerBatch; i++)
            {
                feed.Append(CultureInfo.InvariantCulture, $"b{batch}-{i}.example.fr\n");
            }

            var ingestor = new FeedIngestor(Psl, null, null, TimeProvider.System);
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(feed.ToString()));
            ingestor.Ingest(FeedParserCatalog.Create("plain"), stream, new FeedSource("crash", "abuse.phishing", Tlp.Amber), TestContext.Current.CancellationToken);
            await new FeedObservationWriter(store, TimeProvider.System, batchSize: DomainsPerBatch + 1).WriteAsync(ingestor.Indicators, Tlp.Amber, TestContext.Current.CancellationToken);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {batch}."));
        }
    }
}
