using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Web;
using Dnscert.Web.Auth;
using PuppeteerSharp;

namespace Dnscert.UiTests;

/// <summary>
/// A consultation in a real headless chromium: an analyst publishes a report with the form, a user of a stakeholder
/// organisation signs in (in a separate browser profile), comments and states their support, and the report page
/// shows the comment with its author and organisation, and the tally.
/// </summary>
public sealed class ReportConsultationUiTests : IAsyncLifetime
{
    private WebTestServer _server = null!;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _server = await WebTestServer.StartAsync(url: "http://127.83.0.3:0");
        await StakeholderDirectory.ImportAsync(_server.Store.Stakeholders, StakeholderDirectory.Sample(), ct);
        await _server.Store.Users.SaveAsync(new StoreUser("registry-user", PasswordHasher.Hash(WebTestServer.Password, 1000), UserRole.Viewer, "registry-test"), ct);
        var start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var observations = Enumerable.Range(0, 5).Select(i => new Observation(
            Guid.CreateVersion7(),
            new Subject(SubjectKind.Domain, $"consult{i}.test"),
            "infra.lame-delegation",
            Severity.Warning,
            Tlp.Green,
            start.AddDays(i),
            start.AddDays(i + 1),
            ObservationState.Open,
            $"consult{i}",
            [],
            "ui test")).ToList();
        await _server.Store.Observations.SaveAllAsync(observations, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_analyst_publishes_and_a_stakeholder_comments_and_states_support_that_the_page_then_shows()
    {
        _browser = await Browser.LaunchAsync();
        await using var analyst = await _browser.NewPageAsync();
        await Browser.SignInAsync(analyst, _server.Address, "analyst", WebTestServer.Password);
        await analyst.GoToAsync(new Uri(_server.Address, "/reports").ToString());
        await analyst.TypeAsync("#title", "May health, for consultation");
        await analyst.SelectAsync("#kind", "health");
        await analyst.EvaluateExpressionAsync("document.querySelector('#from').value = '2026-05-01'; document.querySelector('#to').value = '2026-05-31'; document.querySelector('#comments_until').value = '2099-12-31'");
        await analyst.SelectAsync("#tlp", "green");
        await Browser.SubmitAsync(analyst, "#publish");
        Assert.Matches("/reports/[0-9a-f-]{36}\\?done=Published", analyst.Url);
        var reportUrl = analyst.Url.Split('?')[0];
        Assert.Equal("5", await analyst.EvaluateExpressionAsync<string>("document.querySelector('#total').innerText"));
        Assert.Equal("May health, for consultation", await analyst.EvaluateExpressionAsync<string>("document.querySelector('h1').innerText"));

        // The stakeholder has their own browser profile, so their own sign-in cookie.
        await using var context = await _browser.CreateBrowserContextAsync();
        await using var stakeholder = await context.NewPageAsync();
        await stakeholder.SetViewportAsync(new ViewPortOptions { Width = 360, Height = 740 });
        await Browser.SignInAsync(stakeholder, _server.Address, "registry-user", WebTestServer.Password);
        await stakeholder.GoToAsync(reportUrl);
        await stakeholder.TypeAsync("#comment", "The lame delegations are ours; two are fixed <b>since</b> Monday.");
        await Browser.SubmitAsync(stakeholder, "#add-comment");
        await stakeholder.ClickAsync("#stance-supports-with-reservations");
        await Browser.SubmitAsync(stakeholder, "#state-stance");

        var status = await stakeholder.EvaluateExpressionAsync<string>("document.querySelector('[role=status]').innerText");
        Assert.Equal("Your stance is recorded: supports-with-reservations.", status);
        var comment = await stakeholder.EvaluateExpressionAsync<string>("document.querySelector('#comments li').innerText");
        Assert.Contains("registry-user (Test Names Registry (fictional))", comment, StringComparison.Ordinal);
        Assert.Contains("two are fixed <b>since</b> Monday.", comment, StringComparison.Ordinal);
        Assert.Equal(0, await stakeholder.EvaluateExpressionAsync<int>("document.querySelectorAll('#comments b:not(.author)').length"));
        Assert.Equal("1", await stakeholder.EvaluateExpressionAsync<string>("document.querySelector('#tally-reservations').innerText"));
        Assert.Equal("0", await stakeholder.EvaluateExpressionAsync<string>("document.querySelector('#tally-supports').innerText"));
        Assert.True(await stakeholder.EvaluateExpressionAsync<bool>("document.querySelector('#stance-supports-with-reservations').checked"));
        var width = await stakeholder.EvaluateExpressionAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the report page is {width} px wide on a 360 px screen");

        // The analyst, reloading, sees the same consultation.
        await analyst.GoToAsync(reportUrl);
        Assert.Equal("1", await analyst.EvaluateExpressionAsync<string>("document.querySelector('#tally-reservations').innerText"));
        Assert.Contains("registry-user", await analyst.EvaluateExpressionAsync<string>("document.querySelector('#comments').innerText"), StringComparison.Ordinal);
    }
}
