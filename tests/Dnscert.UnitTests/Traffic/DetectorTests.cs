using Dnscert.Core.Store;
using Dnscert.Dns.Wire;
using Dnscert.Traffic;
using Dnscert.Traffic.Detectors;
using Dnscert.Traffic.Generator;

namespace Dnscert.UnitTests.Traffic;

public sealed class DetectorTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_attackStart = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_attackLength = TimeSpan.FromMinutes(1);

    public static TheoryData<string> Attacks => ["query-flood", "random-subdomain", "amplification", "nxdomain-storm", "cache-poisoning", "dga", "dns-tunnelling"];

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Each_detector_fires_on_its_attack_within_two_windows(string attack)
    {
        var script = new TrafficScript(7, s_start).Benign(TimeSpan.Zero, TimeSpan.FromMinutes(5), 80);
        AddAttack(script, attack);
        var truth = Assert.Single(script.GroundTruth);
        var detector = DetectorCatalog.Factories.Select(f => f()).Single(d => d.Id == attack);

        var detections = Run(detector, script.Build());

        Assert.NotEmpty(detections);
        Assert.All(detections, d => Assert.Equal(detector.ThreatType, d.ThreatType));
        var onTarget = detections.Where(d => Matches(truth.Subject, d.Subject)).ToList();
        Assert.NotEmpty(onTarget);
        Assert.All(detections, d => Assert.True(d.WindowEnd > truth.Start && d.WindowStart < truth.End + s_window, $"{d.Summary} at {d.WindowEnd} is outside the attack"));
        var delay = onTarget.Min(d => d.WindowEnd) - truth.Start;
        output.WriteLine($"{attack}: first detection {delay.TotalSeconds:0.0} s after the attack started: {onTarget[0].Summary}");
        Assert.InRange(delay, TimeSpan.Zero, 2 * s_window);
        var first = onTarget[0];
        Assert.Contains(first.Metrics, m => m.Key.StartsWith("threshold_", StringComparison.Ordinal));
        Assert.Contains(first.Metrics, m => m.Key.StartsWith("baseline_", StringComparison.Ordinal));
        Assert.Contains(first.Metrics, m => m.Key == "top_names" && m.Value.Length > 0);
        Assert.NotEmpty(first.SampleMessages);
        Assert.All(first.SampleMessages, sample => Assert.Equal(1, DnsMessage.Parse(sample).Questions.Length));
    }

    [Fact]
    public void No_detector_fires_on_ten_minutes_of_benign_traffic()
    {
        var script = new TrafficScript(11, s_start).Benign(TimeSpan.Zero, TimeSpan.FromMinutes(10), 150);
        var pipeline = DetectorPipeline.CreateDefault(s_window);
        var detections = new List<Detection>();
        TrafficScript.Replay(script.Build(), t => detections.AddRange(pipeline.Observe(t)));
        detections.AddRange(pipeline.Complete());

        Assert.True(pipeline.Transactions > 150_000);
        Assert.Empty(detections.Select(d => d.Summary));
    }

    [Fact]
    public void The_flood_threshold_follows_the_learned_baseline()
    {
        // A server that normally sees 800 queries/s (above the 500/s floor) must not alarm on its own normal load,
        // but must alarm when that load jumps fivefold.
        var script = new TrafficScript(3, s_start)
            .Benign(TimeSpan.Zero, TimeSpan.FromMinutes(4), 800)
            .QueryFlood(s_attackStart, s_attackLength, 5000);
        var detections = Run(new QueryFloodDetector(), script.Build());

        Assert.NotEmpty(detections);
        Assert.All(detections, d => Assert.True(d.WindowEnd > s_start + s_attackStart, d.Summary));
        var baseline = double.Parse(detections[0].Metrics.Single(m => m.Key == "baseline_queries_per_second").Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(baseline, 700, 900);
    }

    [Fact]
    public void A_capture_of_responses_only_does_not_look_like_spoofing()
    {
        var script = new TrafficScript(5, s_start).Benign(TimeSpan.Zero, TimeSpan.FromMinutes(2), 300);
        var responses = script.Build().Where(m => DnsMessage.Parse(m.Wire).IsResponse);

        Assert.Empty(Run(new CachePoisoningDetector(), responses));
    }

    [Fact]
    public void Subject_tables_are_bounded()
    {
        var detector = new QueryFloodDetector(new QueryFloodDetector.Options { MaxSubjects = 10 });
        var script = new TrafficScript(9, s_start).Benign(TimeSpan.Zero, TimeSpan.FromSeconds(30), 50).QueryFlood(TimeSpan.Zero, TimeSpan.FromSeconds(5), 100);
        Run(detector, script.Build());

        Assert.True(detector.DroppedSubjects > 0);
    }

    [Theory]
    [InlineData("query-flood")]
    [InlineData("random-subdomain")]
    [InlineData("nxdomain-storm")]
    public void The_evidence_of_an_alarm_counts_every_message_of_its_subject_in_the_window(string attack)
    {
        // These detectors log names and clients and count them only for subjects that alarm (EvidenceLog): the top
        // lists must still be those of every message the subject saw in the window (first 256 distinct ones counted).
        var script = new TrafficScript(7, s_start).Benign(TimeSpan.Zero, TimeSpan.FromMinutes(5), 80);
        AddAttack(script, attack);
        var messages = script.Build();
        var detections = Run(DetectorCatalog.Factories.Select(f => f()).Single(d => d.Id == attack), messages);

        Assert.NotEmpty(detections);
        foreach (var detection in detections)
        {
            var names = new Dictionary<string, int>();
            var clients = new Dictionary<PacketAddress, int>();
            foreach (var m in messages.Where(m => m.Timestamp >= detection.WindowEnd - s_window && m.Timestamp < detection.WindowEnd))
            {
                var message = DnsMessage.Parse(m.Wire);
                var wire = QuestionName.Of(message).Wire.ToArray();
                var zoneStart = QueryName.ZoneStart(wire);
                var zone = QueryName.ToText(wire.AsSpan(zoneStart));
                var counted = attack switch
                {
                    "query-flood" => !message.IsResponse && (detection.Subject.Kind == SubjectKind.Zone
                        ? wire.Length > 1 && zone == detection.Subject.Value
                        : m.Destination.ToString() == detection.Subject.Value),
                    "random-subdomain" => !message.IsResponse && zoneStart != 0 && zone == detection.Subject.Value,
                    _ => message.IsResponse && message.ResponseCode == DnsResponseCode.NXDomain && wire.Length > 1 && zone == detection.Subject.Value,
                };
                if (!counted)
                {
                    continue;
                }

                var name = QueryName.ToText(wire);
                if (names.ContainsKey(name) || names.Count < 256)
                {
                    names[name] = names.GetValueOrDefault(name) + 1;
                }

                var client = message.IsResponse ? m.Destination : m.Source;
                if (clients.ContainsKey(client) || clients.Count < 256)
                {
                    clients[client] = clients.GetValueOrDefault(client) + 1;
                }
            }

            Assert.NotEmpty(names);
            var topNames = string.Join(' ', names.OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal).Take(5)
                .Select(n => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n.Key}={n.Value}")));
            var topClients = string.Join(' ', clients.OrderByDescending(c => c.Value).ThenBy(c => c.Key.Bits).ThenBy(c => c.Key.IsIPv6).Take(5)
                .Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Key}={c.Value}")));
            Assert.Equal(topNames, detection.Metrics.Single(m => m.Key == "top_names").Value);
            Assert.Equal(topClients, detection.Metrics.Single(m => m.Key == "top_clients").Value);
            if (attack != "nxdomain-storm")
            {
                Assert.Equal(clients.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), detection.Metrics.Single(m => m.Key == "distinct_clients").Value);
            }
        }
    }

    private static void AddAttack(TrafficScript script, string attack)
    {
        _ = attack switch
        {
            "query-flood" => script.QueryFlood(s_attackStart, s_attackLength, 2000),
            "random-subdomain" => script.RandomSubdomain(s_attackStart, s_attackLength, 300),
            "amplification" => script.Amplification(s_attackStart, s_attackLength, 300),
            "nxdomain-storm" => script.NxdomainStorm(s_attackStart, s_attackLength, 300),
            "cache-poisoning" => script.Spoofing(s_attackStart, s_attackLength),
            "dga" => script.Dga(s_attackStart, s_attackLength, 3),
            "dns-tunnelling" => script.Tunnelling(s_attackStart, s_attackLength, 10),
            _ => throw new ArgumentException(attack, nameof(attack)),
        };
    }

    internal static bool Matches(string truthSubject, Subject subject)
    {
        var text = subject.ToString();
        return truthSubject.Contains("*.", StringComparison.Ordinal)
            ? text.StartsWith(truthSubject[..truthSubject.IndexOf('*', StringComparison.Ordinal)], StringComparison.Ordinal)
                && text.EndsWith(truthSubject[(truthSubject.IndexOf('*', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal)
            : text == truthSubject;
    }

    private static List<Detection> Run(IDetector detector, IEnumerable<ScriptedMessage> messages)
    {
        var pipeline = new DetectorPipeline([detector], s_window);
        var detections = new List<Detection>();
        TrafficScript.Replay(messages, t => detections.AddRange(pipeline.Observe(t)));
        detections.AddRange(pipeline.Complete());
        return detections;
    }
}
