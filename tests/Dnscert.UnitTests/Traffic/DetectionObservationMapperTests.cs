using Dnscert.Core.Store;
using Dnscert.Store;
using Dnscert.Traffic.Detections;
using Dnscert.Traffic.Detectors;
using Dnscert.Traffic.Generator;

namespace Dnscert.UnitTests.Traffic;

public sealed class DetectionObservationMapperTests
{
    [Fact]
    public async Task An_attack_over_several_windows_becomes_one_open_observation_with_its_evidence()
    {
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var script = new TrafficScript(8, start).Benign(TimeSpan.Zero, TimeSpan.FromMinutes(3), 50).RandomSubdomain(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(40), 300);
        var pipeline = new DetectorPipeline([new RandomSubdomainDetector()], TimeSpan.FromSeconds(10));
        var detections = new List<Detection>();
        TrafficScript.Replay(script.Build(), t => detections.AddRange(pipeline.Observe(t)));
        detections.AddRange(pipeline.Complete());
        Assert.True(detections.Count >= 3);

        var directory = Directory.CreateTempSubdirectory("dnscert-mapper-");
        try
        {
            await using (var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory.FullName }, cancellationToken: TestContext.Current.CancellationToken))
            {
                var mapper = new DetectionObservationMapper(store.Observations, store.Evidence);
                Observation? last = null;
                foreach (var detection in detections)
                {
                    last = await mapper.SaveAsync(detection, TestContext.Current.CancellationToken);
                }

                await store.FlushAsync(TestContext.Current.CancellationToken);
                var stored = await store.Observations.FindOpenAsync("traffic|random-subdomain|Zone:victim-shop.com", TestContext.Current.CancellationToken);
                Assert.NotNull(stored);
                Assert.Equal(last!.Id, stored.Id);
                Assert.Equal("attack.random-subdomain", stored.ThreatTypeId);
                Assert.Equal(Tlp.Amber, stored.Tlp);
                Assert.Equal(detections.Min(d => d.WindowStart), stored.FirstSeen, TimeSpan.FromMilliseconds(1));
                Assert.Equal(detections.Max(d => d.WindowEnd), stored.LastSeen, TimeSpan.FromMilliseconds(1));
                var blobs = new List<EvidenceBlob>();
                foreach (var id in stored.EvidenceIds)
                {
                    blobs.Add((await store.Evidence.GetAsync(id, TestContext.Current.CancellationToken))!);
                }

                Assert.Contains(blobs, b => b.MediaType == "application/dns-message" && Dnscert.Dns.Wire.DnsMessage.Parse(b.Content).Questions.Length == 1);
                Assert.Contains(blobs, b => b.MediaType == "application/json" && System.Text.Encoding.UTF8.GetString(b.Content.Span).Contains("distinct_names_per_second", StringComparison.Ordinal));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
