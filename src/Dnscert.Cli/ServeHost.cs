using Dnscert.Checks.Monitor;
using Dnscert.Coordination.Incidents;
using Dnscert.Exchange.Email;
using Dnscert.Exchange.Notifications;
using Dnscert.Exchange.Webhooks;
using Dnscert.Feeds.Configuration;
using Dnscert.Feeds.Ingestion;
using Dnscert.Feeds.PublicSuffix;
using Dnscert.Feeds.Scheduling;
using Dnscert.Store;
using Dnscert.Web;
using Dnscert.Web.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dnscert.Cli;

/// <summary>
/// What <c>dnscert serve</c> and <c>dnscert demo</c> run beside the monitor: the dashboard and API, the incident
/// correlator (rules from <c>Dnscert:Incidents</c>), the incident notifier (rules from <c>Dnscert:Notifications</c>)
/// and the outbox processor that delivers by SMTP (<c>Dnscert:Smtp</c>) and webhooks, retried per <c>Dnscert:Outbox</c>.
/// A class of its own so the end-to-end tests run exactly this composition in their process.
/// </summary>
internal sealed class ServeHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly ZoneMonitor _monitor;
    private HttpClient? _http;
    private OpenPgpSigner? _signer;
    private FeedFetcher? _fetcher;

    /// <summary>How often serve looks for due feeds; each feed's own interval (feeds.json) decides when it runs.</summary>
    private static readonly TimeSpan s_feedTick = TimeSpan.FromSeconds(30);
    private bool _disposed;

    private ServeHost(ZoneMonitor monitor, WebApplication web, Uri publicUrl)
    {
        _monitor = monitor;
        Web = web;
        PublicUrl = publicUrl;
    }

    public WebApplication Web { get; }

    /// <summary>The base of acknowledgement links: <c>Dnscert:Web:PublicUrl</c> or the first listen URL.</summary>
    public Uri PublicUrl { get; }

    /// <summary>Delivers the outbox; null when no transport is configured (notifications off).</summary>
    public OutboxProcessor? Outbox { get; private set; }

    /// <summary>Turns incidents into messages; null when notifications are off.</summary>
    public IncidentNotifier? Notifier { get; private set; }

    public ICollection<string> Urls => Web.Urls;

    /// <summary>
    /// Starts the web app and the background loops over <paramref name="store"/>; <paramref name="log"/> gets the one-line
    /// notices. <paramref name="feedsFile"/> (feeds.json, docs/feeds.md) adds the feed scheduler.
    /// </summary>
    public static async Task<ServeHost> StartAsync(IConfiguration configuration, DnscertStore store, ZoneMonitor monitor, string urls, TimeProvider time, TextWriter log, CancellationToken ct, string? feedsFile = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(log);
        var webOptions = CliConfiguration.Bind<DnscertWebOptions>(configuration, DnscertWebOptions.Section, o => o.Check());
        var incidentRules = CliConfiguration.Bind<IncidentRulesOptions>(configuration, IncidentRulesOptions.Section, o => o.Check());
        var notificationRules = CliConfiguration.Bind<NotificationRulesOptions>(configuration, NotificationRulesOptions.Section, o => o.Check());
        var outboxOptions = CliConfiguration.Bind<OutboxOptions>(configuration, "Dnscert:Outbox", o => o.Check());
        var smtpConfigured = configuration.GetSection("Dnscert:Smtp").Exists();
        var smtpOptions = CliConfiguration.Bind<SmtpOptions>(configuration, "Dnscert:Smtp", o => o.Check());
        var pgpOptions = CliConfiguration.Bind<OpenPgpSigningOptions>(configuration, OpenPgpSigningOptions.Section, o => o.Check());
        // Checked before anything starts: a broken feeds.json is an error the user fixes, not a feed that fails later.
        var feeds = feedsFile is null ? [] : FeedsFile.Load(feedsFile);
        webOptions.FeedsFile = feedsFile;

        var web = DnscertWeb.Create(["--urls", urls], store, monitor, webOptions, time);
        await web.StartAsync(ct).ConfigureAwait(false);
        var publicUrl = new Uri(string.IsNullOrEmpty(webOptions.PublicUrl) ? web.Urls.First() : webOptions.PublicUrl);
        var host = new ServeHost(monitor, web, publicUrl);
        try
        {
            // Incidents from observations (docs/coordination.md): a correlator over what the store receives, beside the monitor.
            var correlator = new IncidentCorrelator(store, incidentRules.Policies(), time, webOptions.RegistrarByDomain);
            var loop = new CorrelationLoop(store, correlator, time, incidentRules.CorrelationInterval, e => log.WriteLine($"dnscert: incident correlation failed: {e.Message}"));
            host._loops.Add(loop.RunAsync(host._stop.Token));
            host.StartNotifications(store, notificationRules, outboxOptions, smtpConfigured ? smtpOptions : null, pgpOptions, time, log);
            host.StartFeeds(feeds, feedsFile, store, time, log);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the monitor until <paramref name="ct"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken ct) => _monitor.RunAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var loop in _loops)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping is what was asked.
            }
        }

        await Web.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await Web.DisposeAsync().ConfigureAwait(false);
        _http?.Dispose();
        _signer?.Dispose();
        _fetcher?.Dispose();
        _stop.Dispose();
    }

    private void StartNotifications(DnscertStore store, NotificationRulesOptions rules, OutboxOptions outboxOptions, SmtpOptions? smtp, OpenPgpSigningOptions pgp, TimeProvider time, TextWriter log)
    {
        var transports = new List<INotificationTransport>();
        if (smtp is not null)
        {
            // Every e-mail is RFC 3156 signed when Dnscert:OpenPgp names a key (docs/notifications.md).
            _signer = pgp.Enabled ? OpenPgpSigner.Load(pgp) : null;
            transports.Add(new SmtpTransport(smtp, _signer));
        }

        if (rules.Webhooks.Count > 0)
        {
            _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            transports.Add(new WebhookTransport(_http, time));
        }

        // Said once at start, so an operator knows why nothing is sent.
        if (transports.Count == 0)
        {
            log.WriteLine("Notifications are off: neither Dnscert:Smtp nor any Dnscert:Notifications:Webhooks is configured (docs/notifications.md).");
            return;
        }

        if (smtp is null)
        {
            log.WriteLine("E-mail notifications are off: Dnscert:Smtp is not configured; only stakeholders with a webhook are notified.");
        }

        var outbox = new StoredOutboxRepository(store.Outbox);
        Outbox = new OutboxProcessor(outbox, transports, new IncidentTimelineEvents(store, time), outboxOptions, time, logger: Web.Services.GetRequiredService<ILogger<OutboxProcessor>>());
        _loops.Add(RunOutboxAsync(Outbox, log, _stop.Token));
        if (!rules.Enabled)
        {
            log.WriteLine("Automatic notifications are off (Dnscert:Notifications:Enabled is false); the outbox still delivers what is queued.");
            return;
        }

        Notifier = new IncidentNotifier(
            store,
            new Notifier(outbox, time),
            Web.Services.GetRequiredService<AcknowledgementToken>(),
            rules,
            PublicUrl,
            smtp is not null,
            time,
            Web.Services.GetRequiredService<ILogger<IncidentNotifier>>());
        _loops.Add(Notifier.RunAsync(_stop.Token));
        log.WriteLine($"Notifications: {(rules.OnTriage ? "on triage" : "not on triage")}, {(rules.AutomaticMinimumSeverity is { } s ? $"automatically from severity {s}" : "never automatically")}; acknowledgement links on {PublicUrl}.");
    }

    /// <summary>The feed scheduler (docs/feeds.md): each enabled feed on its own interval, one line per run on the log.</summary>
    private void StartFeeds(IReadOnlyList<FeedDefinition> feeds, string? file, DnscertStore store, TimeProvider time, TextWriter log)
    {
        if (feeds.Count == 0)
        {
            return;
        }

        _fetcher = new FeedFetcher(FeedFetchLimits.Default);
        var scheduler = new FeedScheduler(feeds, store, PublicSuffixList.Load(PublicSuffixList.DebianPath), _fetcher, time);
        _loops.Add(scheduler.RunLoopAsync(
            s_feedTick,
            r => log.WriteLine(r.Succeeded ? $"dnscert: feed {r.FeedId}: {r.Status.LastSummary}." : $"dnscert: feed {r.FeedId} failed ({r.Status.ConsecutiveFailures} in a row, next try {r.Status.NextDue:HH:mm} UTC): {r.Error!.Message}"),
            e => log.WriteLine($"dnscert: feed scheduling failed: {e.Message}"),
            _stop.Token));
        log.WriteLine($"Feeds: {feeds.Count(f => f.Enabled)} enabled feed(s) from {file}; status on /feeds.");
    }

    /// <summary>The outbox processor's loop; a failing round (store unreachable) is reported and the next one tried.</summary>
    private static async Task RunOutboxAsync(OutboxProcessor processor, TextWriter log, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await processor.RunAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                await log.WriteLineAsync($"dnscert: outbox delivery failed: {e.Message}").ConfigureAwait(false);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
