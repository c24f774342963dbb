using System.Net;
using Dnscert.Coordination.Incidents;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Notifications;
using Dnscert.IntegrationTests.Web;
using Dnscert.Web;

namespace Dnscert.IntegrationTests.Coordination;

/// <summary>
/// The acknowledgement link of a notification, through HTTP on the real app (127.63.0.2): the recipient clicks,
/// confirms, and the incident moves to acknowledged with the stakeholder named on its timeline.
/// </summary>
public sealed class AcknowledgementWebTests : IAsyncLifetime
{
    private static readonly byte[] s_key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private WebTestServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await WebTestServer.StartAsync(options: new DnscertWebOptions { AcknowledgementKey = Convert.ToBase64String(s_key), OverviewCacheLifetime = TimeSpan.Zero }, url: "http://127.63.0.2:0");
        await StakeholderDirectory.ImportAsync(_server.Store.Stakeholders, StakeholderDirectory.Sample(), Ct);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<Guid> NotifiedIncidentAsync(Tlp tlp)
    {
        var now = DateTimeOffset.UtcNow;
        var incident = Incident.Open(Guid.CreateVersion7(), "lame delegation of ack.test", "infra.lame-delegation", new Subject(SubjectKind.Zone, "ack.test"), Severity.Error, tlp, "carol", now);
        incident.SetRecipients(["registry-test"], "carol", now, "routing");
        incident.Transition(IncidentState.Triaged, "carol", now);
        incident.Transition(IncidentState.Notified, "carol", now);
        await _server.Store.Incidents.SaveAsync(incident.ToStored(), Ct);
        return incident.Id;
    }

    private static string Link(Guid incident, string stakeholder, byte[]? key = null) =>
        "/ack/" + new AcknowledgementToken(key ?? s_key, TimeProvider.System).Create(incident, stakeholder, TimeSpan.FromDays(7));

    [Fact]
    public async Task The_link_shows_a_confirmation_and_the_POST_records_the_acknowledgement_once()
    {
        var id = await NotifiedIncidentAsync(Tlp.Amber);
        var link = Link(id, "registry-test");
        using var client = _server.Client();
        var page = await client.GetStringAsync(link, Ct);
        Assert.Contains("Acknowledge receipt", page, StringComparison.Ordinal);
        Assert.DoesNotContain("lame delegation of ack.test", page, StringComparison.Ordinal);
        var before = await _server.Store.Incidents.GetAsync(id, Viewer.System, Ct);
        Assert.Equal(IncidentState.Notified, Incident.FromStored(before!).State);

        using var done = await WebTestServer.PostFormAsync(client, link, link, []);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var after = Incident.FromStored((await _server.Store.Incidents.GetAsync(id, Viewer.System, Ct))!);
        Assert.Equal(IncidentState.Acknowledged, after.State);
        Assert.Contains(after.Timeline, e => e.Actor == "ack:registry-test" && e.Text.Contains("registry-test", StringComparison.Ordinal));

        using var again = await WebTestServer.PostFormAsync(client, link, link, []);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_forged_link_or_a_posted_form_without_anti_forgery_changes_nothing()
    {
        var id = await NotifiedIncidentAsync(Tlp.Amber);
        using var client = _server.Client();
        using var forged = await client.GetAsync(Link(id, "registry-test", [.. Enumerable.Repeat((byte)7, 32)]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var bare = await client.PostAsync(Link(id, "registry-test"), new FormUrlEncodedContent([]), Ct);
        Assert.NotEqual(HttpStatusCode.OK, bare.StatusCode);
        Assert.Equal(IncidentState.Notified, Incident.FromStored((await _server.Store.Incidents.GetAsync(id, Viewer.System, Ct))!).State);
    }

    [Fact]
    public async Task An_organisation_that_may_not_see_the_incident_cannot_acknowledge_it()
    {
        var id = await NotifiedIncidentAsync(Tlp.AmberStrict);
        using var client = _server.Client();
        var link = Link(id, "cert-hexagone");
        using var refused = await WebTestServer.PostFormAsync(client, link, link, []);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(IncidentState.Notified, Incident.FromStored((await _server.Store.Incidents.GetAsync(id, Viewer.System, Ct))!).State);
    }
}
