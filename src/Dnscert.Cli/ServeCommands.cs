using System.CommandLine;
using System.Net;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Monitor;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core.Store;
using Dnscert.Web;
using Microsoft.Extensions.Logging;

namespace Dnscert.Cli;

/// <summary>
/// <c>dnscert serve</c>: the monitor over the store's constituency, until stopped; <c>dnscert demo</c>: the same on
/// the lab, with every lab zone monitored on a short interval, so a newcomer sees real findings offline.
/// </summary>
internal static class ServeCommands
{
    private const string DemoDataDirectory = "/tmp/dnscert-demo";

    /// <summary>Where the dashboard and API listen, as <c>--urls</c> of every ASP.NET Core app (docs/web.md).</summary>
    private static readonly Option<string> s_urls = new("--urls") { Description = "Where the dashboard and API listen (semicolon-separated).", DefaultValueFactory = _ => DnscertWebOptions.DefaultUrl };

    public static Command BuildServe(CliContext context)
    {
        var hints = new Option<FileInfo?>("--hints") { Description = "Root hints for the checks (default: IANA's root servers)." };
        var profile = new Option<FileInfo?>("--profile") { Description = "Check profile (docs/checks.md)." };
        var feeds = FeedsCommands.FeedsFileOption();
        var serve = new Command("serve", "Monitor every zone of the store on its schedule and serve the dashboard and API (Ctrl+C stops; the schedule resumes on restart).") { hints, profile, s_urls, feeds };
        StoreAccess.AddTo(serve);
        serve.SetAction(async (parse, ct) =>
        {
            var roots = parse.GetValue(hints) is { } file ? RootHints.Load(file.FullName) : IanaRootHints.Addresses;
            var checkProfile = parse.GetValue(profile) is { } p ? CheckProfile.Load(p.FullName) : null;
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            return await RunAsync(parse, context, store, roots, checkProfile, null, parse.GetValue(feeds)?.FullName, ct).ConfigureAwait(false);
        });
        return serve;
    }

    public static Command BuildDemo(CliContext context)
    {
        var interval = new Option<double>("--interval") { Description = "Seconds between checks of each lab zone.", DefaultValueFactory = _ => 60 };
        var feeds = FeedsCommands.FeedsFileOption();
        var demo = new Command("demo", $"Start the lab, monitor all its zones on SQLite (default data: {DemoDataDirectory}), keep checking them, read the demo feeds and serve the dashboard.") { interval, s_urls, feeds };
        StoreAccess.AddTo(demo);
        demo.SetAction(async (parse, ct) =>
        {
            var (layout, zones) = await LabCommands.UpDefaultAsync(parse, context, ct).ConfigureAwait(false);
            await using var store = await StoreAccess.OpenAsync(parse, context, ct, DemoDataDirectory).ConfigureAwait(false);
            var every = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(interval), 10, 86400));
            await store.Zones.SaveSetAsync(new ZoneSet("lab", ["demo"], every), ct).ConfigureAwait(false);
            var roots = RootHints.Load(layout.HintsFile);
            var labProfile = CheckProfile.Load(layout.CheckProfileFile);
            using (var control = Monitor(parse, context, store, roots, labProfile))
            {
                var added = await control.AddZonesAsync("lab", zones, ct).ConfigureAwait(false);
                await context.Error.WriteLineAsync($"Demo: {zones.Count} lab zones in set 'lab' ({added} new), checked every {every.TotalSeconds:0} s; store {store.Description}.").ConfigureAwait(false);
            }

            // The fictional stakeholder directory, so lab findings are routed to the fictional registry of .test.
            if ((await store.Stakeholders.ListAsync(ct).ConfigureAwait(false)).Count == 0)
            {
                var sample = StakeholderDirectory.Sample();
                await StakeholderDirectory.ImportAsync(store.Stakeholders, sample, ct).ConfigureAwait(false);
                await context.Error.WriteLineAsync($"Demo: imported the sample stakeholder directory ({sample.Count} fictional organisations).").ConfigureAwait(false);
            }

            // The demo account: an analyst with a fresh random password each run, printed once, so a newcomer can log in
            // at once and nothing guessable is left in a store that may outlive the demo.
            var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
            await new Dnscert.Web.Auth.UserAdmin(store).AddAsync("demo", password, UserRole.Analyst, ct).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"Log in to the dashboard as 'demo' with password '{password}' (analyst; admins are added with: dnscert user add NAME --role admin --data {parse.GetValue(StoreAccess.Data) ?? DemoDataDirectory}).").ConfigureAwait(false);

            // Generated local feed files (fictional names), so the statistics and gap pages show feed data offline.
            var feedsFile = parse.GetValue(feeds)?.FullName
                ?? DemoFeeds.Write(Path.Combine(parse.GetValue(StoreAccess.Data) ?? DemoDataDirectory, "feeds"), context.Time.GetUtcNow());
            return await RunAsync(parse, context, store, roots, labProfile, every, feedsFile, ct).ConfigureAwait(false);
        });
        return demo;
    }

    private static async Task<int> RunAsync(ParseResult parse, CliContext context, Dnscert.Store.DnscertStore store, IReadOnlyList<IPAddress> roots, CheckProfile? profile, TimeSpan? minimum, string? feedsFile, CancellationToken ct)
    {
        using var monitor = Monitor(parse, context, store, roots, profile, minimum);
        var configuration = CliConfiguration.Load(parse.GetValue(GlobalOptions.Config));
        await using (var host = await ServeHost.StartAsync(configuration, store, monitor, parse.GetValue(s_urls)!, context.Time, context.Error, ct, feedsFile).ConfigureAwait(false))
        {
            await context.Error.WriteLineAsync($"Monitoring the zones of {store.Description}; dashboard and API on {string.Join(", ", host.Urls)} (OpenAPI: /openapi/v1.json); Ctrl+C stops.").ConfigureAwait(false);
            await host.RunAsync(ct).ConfigureAwait(false);
        }

        await store.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static ZoneMonitor Monitor(ParseResult parse, CliContext context, IDnscertStore store, IReadOnlyList<IPAddress> roots, CheckProfile? profile, TimeSpan? minimum = null)
    {
        var configuration = CliConfiguration.Load(parse.GetValue(GlobalOptions.Config));
        var options = CliConfiguration.Bind<MonitorOptions>(configuration, MonitorOptions.Section, o => o.Check());
        if (minimum is { } m && m < options.MinimumInterval)
        {
            options.MinimumInterval = m;
        }

        var checkOptions = CliConfiguration.Bind<CheckOptions>(configuration, CheckOptions.Section, o => o.Check());
        var level = parse.GetValue(GlobalOptions.Verbose) ? LogLevel.Information : LogLevel.Warning;
        return new ZoneMonitor(store, context.Time, options, checkOptions, roots, profile, new ConsoleLogger(context.Error, level));
    }
}
