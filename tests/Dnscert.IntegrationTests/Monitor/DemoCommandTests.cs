using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Store;

namespace Dnscert.IntegrationTests.Monitor;

/// <summary>The README's main command, <c>dnscert demo</c>, end to end on the running lab: zones monitored, findings stored.</summary>
public sealed class DemoCommandTests(LabFixture lab) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_demo_monitors_every_lab_zone_and_stores_their_faults_as_observations_within_seconds()
    {
        lab.RequireUp();
        var config = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(config, $$"""{ "Dnscert": { "Lab": { "Directory": "{{lab.Directory}}" } } }""", TestContext.Current.CancellationToken);
        var data = Path.Combine(_dir, "data");

        // SIGINT after 20 s, as Ctrl+C: the monitor stops cleanly and the store is flushed.
        var output = await ProcessRunner.RunAsync("timeout", ["-s", "INT", "20", TestEnvironment.DnscertProgram, "demo", "--config", config, "--data", data, "--interval", "10", "--urls", "http://127.0.0.1:0"], TimeSpan.FromSeconds(60));
        Assert.True(output.ExitCode is 0 or 124, output.ToString());
        Assert.Contains("lab zones in set 'lab'", output.Error, StringComparison.Ordinal);
        Assert.Contains("Log in to the dashboard as 'demo' with password", output.Error, StringComparison.Ordinal);
        // No Dnscert:Smtp and no webhook in the configuration: said once, and nothing is queued.
        Assert.Single(output.Error.Split('\n'), l => l.StartsWith("Notifications are off: neither Dnscert:Smtp nor any Dnscert:Notifications:Webhooks", StringComparison.Ordinal));

        await using var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = data }, cancellationToken: TestContext.Current.CancellationToken);
        var zones = await store.Zones.ListAsync(null, 500, "lab", TestContext.Current.CancellationToken);
        Assert.True(zones.Items.Count >= 50, $"{zones.Items.Count} lab zones monitored");
        var checkedZones = 0;
        foreach (var zone in zones.Items)
        {
            checkedZones += (await store.CheckRuns.LatestAsync(zone.Name, 1, TestContext.Current.CancellationToken)).Count;
        }

        Assert.True(checkedZones >= 50, $"only {checkedZones} zones were checked in 20 s");
        var lame = await store.Observations.ListAsync(new ObservationQuery(ObservationState.Open, "infra.lame-delegation", SubjectKind.Zone, "lame-delegation.test"), null, 10, TestContext.Current.CancellationToken);
        Assert.NotEmpty(lame.Items);

        // The fictional directory is imported and the correlator opened an incident routed to the registry of .test.
        Assert.Contains("imported the sample stakeholder directory", output.Error, StringComparison.Ordinal);
        var incidents = await store.Incidents.ListAsync(new IncidentQuery(Viewer.System, SubjectValue: "lame-delegation.test"), null, 10, TestContext.Current.CancellationToken);
        var incident = Assert.Single(incidents.Items, i => i.ThreatTypeId == "infra.lame-delegation");
        Assert.Contains("registry-test", incident.Recipients);
        Assert.Contains(incident.Timeline, e => e.Text.Contains("TLD registry for .test by suffix", StringComparison.Ordinal));
        Assert.Contains(incident.ObservationIds, id => lame.Items.Any(o => o.Id == id));
    }
}
