using System.Text.RegularExpressions;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Monitor;
using Dnscert.Cli;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core.Store;
using Dnscert.Exchange.Notifications;
using Dnscert.IntegrationTests.Exchange;
using Dnscert.Store;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Dnscert.IntegrationTests.Notifications;

/// <summary>
/// The serve composition (<see cref="ServeHost"/>) over a lab zone with a lame delegation, as the end-to-end test
/// and the UI test both run it: the configuration a CERT would write, the start, and waiting for the notice.
/// </summary>
internal static partial class ServeScenario
{
    public const string Zone = "lame-delegation.test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The configuration a CERT would write for this: rules for lab zones, automatic notification, the loopback relay.</summary>
    public static string Configuration(int smtpPort, byte[] key) => $$"""
        {
          "Dnscert": {
            "Web": { "AcknowledgementKey": "{{Convert.ToBase64String(key)}}", "OverviewCacheLifetime": "00:00:00" },
            "Incidents": {
              "CorrelationInterval": "00:00:01",
              "Rules": [
                { "Name": "lab-infrastructure", "ThreatTypes": [ "infra.*" ], "MinimumSeverity": "error", "Subjects": [ "test" ], "Tlp": "amber", "GroupingWindow": "1.00:00:00" }
              ]
            },
            "Notifications": { "AutomaticMinimumSeverity": "error", "Interval": "00:00:01" },
            "Outbox": { "PollInterval": "00:00:01" },
            "Smtp": { "Host": "127.71.0.1", "Port": {{smtpPort}}, "UseStartTls": false, "FromAddress": "cert@dnscert.test", "FromName": "dnscert lab CERT" }
          }
        }
        """;

    /// <summary>Starts the serve composition over <paramref name="store"/> on 127.71.0.2 with the lab as the DNS.</summary>
    public static async Task<(ServeHost Host, ZoneMonitor Monitor)> StartAsync(string labHints, string labProfile, DnscertStore store, string configFile, TextWriter log)
    {
        var monitor = new ZoneMonitor(store, TimeProvider.System, new MonitorOptions(), new CheckOptions { UseIPv6 = false }, RootHints.Load(labHints), CheckProfile.Load(labProfile), NullLogger.Instance);
        await StakeholderDirectory.ImportAsync(store.Stakeholders, StakeholderDirectory.Sample(), Ct);
        await store.Zones.SaveSetAsync(new ZoneSet("lab", ["demo"], TimeSpan.FromMinutes(10)), Ct);
        await monitor.AddZonesAsync("lab", [Zone], Ct);
        var host = await ServeHost.StartAsync(CliConfiguration.Load(new FileInfo(configFile)), store, monitor, "http://127.71.0.2:0", TimeProvider.System, log, Ct);
        return (host, monitor);
    }

    /// <summary>Waits (at most two minutes) for the notice about the lame delegation of the lab zone; returns it with its link's claim.</summary>
    public static async Task<(MimeMessage Notice, Match Link, AcknowledgementClaim Claim)> WaitForNoticeAsync(LoopbackSmtpServer smtp, DnscertStore store, byte[] key)
    {
        var tokens = new AcknowledgementToken(key, TimeProvider.System);
        for (var i = 0; i < 240; i++)
        {
            foreach (var message in smtp.Messages())
            {
                var link = AckLink().Match(message.TextBody ?? "");
                if (link.Success && tokens.TryRead(link.Groups[1].Value, out var claim, out _)
                    && await store.Incidents.GetAsync(claim.IncidentId, Viewer.System, Ct) is { ThreatTypeId: "infra.lame-delegation", Subject.Value: Zone })
                {
                    return (message, link, claim);
                }
            }

            await Task.Delay(500, Ct);
        }

        Assert.Fail($"no notice about the lame delegation of {Zone} arrived at aiosmtpd in 2 minutes; received: {string.Join(" | ", smtp.Messages().Select(m => m.Subject))}");
        return default;
    }

    public static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200, Ct);
        }

        Assert.Fail("the condition did not hold within 20 s");
    }

    [GeneratedRegex(@"http://127\.71\.0\.2:\d+/ack/(\S+)")]
    public static partial Regex AckLink();
}
