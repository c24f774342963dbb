using System.Net;
using System.Text.RegularExpressions;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Monitor;
using Dnscert.Core.Store;
using Dnscert.Store;
using Dnscert.Web;
using Dnscert.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dnscert.IntegrationTests.Web;

/// <summary>
/// The real web application on Kestrel at 127.0.0.1 (a free port), over a real SQLite store in a temporary directory and
/// the real monitor, with three users: admin, analyst and viewer (password <see cref="Password"/>).
/// </summary>
public sealed partial class WebTestServer : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private readonly WebApplication _app;
    private readonly ZoneMonitor _monitor;

    private WebTestServer(string directory, DnscertStore store, ZoneMonitor monitor, WebApplication app, Uri address)
    {
        Directory = directory;
        Store = store;
        _monitor = monitor;
        _app = app;
        Address = address;
    }

    public string Directory { get; }

    public DnscertStore Store { get; }

    public ZoneMonitor Monitor => _monitor;

    public Uri Address { get; }

    /// <summary>The app's services (the outbox a test reads what was queued from).</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<WebTestServer> StartAsync(IReadOnlyList<IPAddress>? roots = null, CheckProfile? profile = null, DnscertWebOptions? options = null, CheckOptions? checkOptions = null, string url = "http://127.0.0.1:0", TimeProvider? timeProvider = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"dnscert-web-{Guid.CreateVersion7():N}");
        var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = directory });
        foreach (var (name, role) in new[] { ("admin", UserRole.Admin), ("analyst", UserRole.Analyst), ("viewer", UserRole.Viewer) })
        {
            // Few iterations keep the tests fast; the format carries the count, so verification is the real code.
            await store.Users.SaveAsync(new StoreUser(name, PasswordHasher.Hash(Password, 1000), role));
        }

        var monitor = new ZoneMonitor(store, TimeProvider.System, new MonitorOptions(), checkOptions ?? new CheckOptions(), roots ?? [], profile, NullLogger.Instance);
        var app = DnscertWeb.Create(["--urls", url], store, monitor, options ?? new DnscertWebOptions { OverviewCacheLifetime = TimeSpan.Zero }, timeProvider);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebTestServer(directory, store, monitor, app, new Uri(address));
    }

    /// <summary>A client with its own cookie jar that does not follow redirects.</summary>
    public HttpClient Client() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = Address };

    public HttpClient ApiClient(string token)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> TokenAsync(UserRole role) => (await new UserAdmin(Store).CreateTokenAsync(role)).Token;

    /// <summary>Signs in through the login form (with its anti-forgery token) and returns the signed-in client.</summary>
    public async Task<HttpClient> SignInAsync(string name, string password = Password)
    {
        var client = Client();
        using var response = await PostFormAsync(client, "/login", "/login", new() { ["name"] = name, ["password"] = password, ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Reads the anti-forgery field of the page at <paramref name="formPage"/> and posts the form with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(formPage);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"no anti-forgery field on {formPage}");
        fields["__af"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _monitor.Dispose();
        await Store.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pooled connection: the temporary directory is left behind.
        }
    }

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

