using Dnscert.Coordination.Incidents;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Email;
using Dnscert.Exchange.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dnscert.Web.Notifications;

/// <summary>
/// Turns incidents into notifications by the rules of <see cref="NotificationRulesOptions"/>: every pass it reads the
/// new incidents (for automatic notification) and the triaged ones (notification on triage), and for each that a rule
/// selects it writes one message per stakeholder through the <see cref="Notifier"/> (immediately or into the digest),
/// each with its own signed acknowledgement link. Each recipient organisation is first checked through the store's
/// TLP filter as a member of that organisation, so an AMBER+STRICT incident never reaches a non-recipient and a RED
/// one reaches no organisation. The incident moves new → triaged → notified and its timeline records every message
/// queued and every recipient left out with the reason. An incident the notifier already looked at in its current
/// state is not looked at again.
/// </summary>
public sealed class IncidentNotifier
{
    public const string Actor = "system:notifier";

    /// <summary>The most incidents of each state handled per pass; the rest wait for the next pass.</summary>
    public const int MaxPerPass = 200;

    private readonly IDnscertStore _store;
    private readonly Notifier _notifier;
    private readonly AcknowledgementToken _tokens;
    private readonly NotificationRulesOptions _options;
    private readonly Uri _publicUrl;
    private readonly bool _email;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Severity? _automatic;

    /// <param name="store">Where incidents, the directory and the TLP filter are.</param>
    /// <param name="notifier">Writes the messages into the outbox (or holds them for a digest).</param>
    /// <param name="tokens">Signs the acknowledgement links (the same key as the web app's /ack pages).</param>
    /// <param name="options">The notification rules.</param>
    /// <param name="publicUrl">The instance's address as recipients reach it; acknowledgement links are built on it.</param>
    /// <param name="email">Whether e-mail can be sent (SMTP configured); without it only webhook stakeholders are notified.</param>
    /// <param name="time">The clock of timeline entries, links and the digest period.</param>
    /// <param name="logger">Where passes that fail are reported.</param>
    public IncidentNotifier(IDnscertStore store, Notifier notifier, AcknowledgementToken tokens, NotificationRulesOptions options, Uri publicUrl, bool email, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(publicUrl);
        ArgumentNullException.ThrowIfNull(time);
        var problems = options.Check();
        if (problems.Count > 0)
        {
            throw new DnscertException(string.Join(" ", problems));
        }

        _store = store;
        _notifier = notifier;
        _tokens = tokens;
        _options = options;
        // Links are resolved against the base, so it must end with '/' to keep a path such as https://cert.example/dnscert/.
        _publicUrl = publicUrl.AbsoluteUri.EndsWith('/') ? publicUrl : new Uri(publicUrl.AbsoluteUri + "/");
        _email = email;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _automatic = options.AutomaticMinimumSeverity is null ? null : IncidentRulesOptions.ParseSeverity(options.AutomaticMinimumSeverity);
    }

    /// <summary>Passes every <see cref="NotificationRulesOptions.Interval"/> and flushes digests every period, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var nextDigest = _time.GetUtcNow() + _options.DigestPeriod;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(cancellationToken).ConfigureAwait(false);
                if (_time.GetUtcNow() >= nextDigest)
                {
                    nextDigest = _time.GetUtcNow() + _options.DigestPeriod;
                    await FlushDigestsAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.NotificationPassFailed(_logger, e.Message);
            }

            try
            {
                await Task.Delay(_options.Interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over new and triaged incidents; returns the ids of the incidents moved to notified.</summary>
    public async Task<IReadOnlyList<Guid>> PassAsync(CancellationToken cancellationToken)
    {
        var notified = new List<Guid>();
        if (!_options.Enabled)
        {
            return notified;
        }

        var candidates = new List<StoredIncident>();
        if (_automatic is not null)
        {
            candidates.AddRange((await _store.Incidents.ListAsync(new IncidentQuery(Viewer.System, IncidentState.New), null, MaxPerPass, cancellationToken).ConfigureAwait(false)).Items
                .Where(i => i.Severity >= _automatic.Value));
        }

        if (_options.OnTriage)
        {
            candidates.AddRange((await _store.Incidents.ListAsync(new IncidentQuery(Viewer.System, IncidentState.Triaged), null, MaxPerPass, cancellationToken).ConfigureAwait(false)).Items);
        }

        candidates = [.. candidates.Where(i => Selected(i) && !Considered(i)).OrderBy(i => i.OpenedAt).ThenBy(i => i.Id)];
        if (candidates.Count == 0)
        {
            return notified;
        }

        var directory = (await StakeholderDirectory.LoadAsync(_store.Stakeholders, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var incident in candidates)
        {
            if (await NotifyAsync(incident, directory, cancellationToken).ConfigureAwait(false))
            {
                notified.Add(incident.Id);
            }
        }

        return notified;
    }

    /// <summary>Writes the held digests (one message per stakeholder) and records them on each incident's timeline.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> FlushDigestsAsync(CancellationToken cancellationToken)
    {
        var messages = await _notifier.FlushDigestsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var message in messages)
        {
            foreach (var incidentId in message.IncidentIds)
            {
                await IncidentUpdates.ApplyAsync(_store, incidentId, i =>
                {
                    i.RecordMessage($"digest {IncidentTimelineEvents.Describe(message)} with {message.IncidentIds.Count} incident(s)", Actor, _time.GetUtcNow());
                    return true;
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        return messages;
    }

    private bool Selected(StoredIncident incident) =>
        _options.ThreatTypes.Count == 0 || _options.ThreatTypes.Any(p => IncidentPolicy.MatchesThreatType(p, incident.ThreatTypeId));

    /// <summary>Whether the notifier already wrote on the timeline since the incident's last change of state.</summary>
    private static bool Considered(StoredIncident incident)
    {
        for (var i = incident.Timeline.Count - 1; i >= 0; i--)
        {
            var entry = incident.Timeline[i];
            if (entry.Actor == Actor && entry.Kind == TimelineEntryKind.Message)
            {
                return true;
            }

            if (entry.Kind is TimelineEntryKind.Transition or TimelineEntryKind.Opened)
            {
                return false;
            }
        }

        return false;
    }

    private async Task<bool> NotifyAsync(StoredIncident stored, Dictionary<string, Stakeholder> directory, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var sent = 0;
        foreach (var organisation in stored.Recipients.Concat(_options.AlsoNotify).Distinct(StringComparer.Ordinal))
        {
            if (!directory.TryGetValue(organisation, out var stakeholder))
            {
                lines.Add($"not notified: {organisation} is not in the stakeholder directory");
                continue;
            }

            // The TLP filter, as a member of that organisation would read the incident: the one place that decides.
            if (await _store.Incidents.GetAsync(stored.Id, Viewer.User($"notify:{organisation}", organisation), cancellationToken).ConfigureAwait(false) is null)
            {
                lines.Add($"not notified: {organisation} may not read TLP:{Incident.TlpLabel(stored.Tlp)} on this incident");
                continue;
            }

            var recipient = RecipientFor(stakeholder, out var why);
            if (recipient is null)
            {
                lines.Add($"not notified: {organisation}: {why}");
                continue;
            }

            var link = new Uri(_publicUrl, "ack/" + _tokens.Create(stored.Id, organisation, _options.LinkValidity)).ToString();
            var item = new NotificationItem(stored.Id, stored.Title, stored.Tlp, stored.Severity, [stored.Subject.Value], link);
            var message = await _notifier.NotifyAsync(recipient, item, cancellationToken).ConfigureAwait(false);
            lines.Add(message is null
                ? $"{IncidentTimelineEvents.Channel(recipient.Channel)} to {organisation} held for its digest ({recipient.Language})"
                : IncidentTimelineEvents.Describe(message));
            sent++;
        }

        if (lines.Count == 0)
        {
            lines.Add("not notified: the incident has no recipient");
        }

        var automatic = stored.State == IncidentState.New;
        var moved = false;
        await IncidentUpdates.ApplyAsync(_store, stored.Id, incident =>
        {
            var now = _time.GetUtcNow();
            if (sent > 0 && incident.State == IncidentState.New && automatic)
            {
                incident.Transition(IncidentState.Triaged, Actor, now, $"automatic: severity {incident.Severity} ≥ {_automatic}");
            }

            foreach (var line in lines)
            {
                incident.RecordMessage(line, Actor, now);
            }

            if (sent > 0 && incident.State == IncidentState.Triaged)
            {
                incident.Transition(IncidentState.Notified, Actor, now, $"{sent} stakeholder(s) notified");
                moved = true;
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (moved)
        {
            Log.IncidentNotified(_logger, stored.Id, sent);
        }

        return moved;
    }

    /// <summary>How to reach a stakeholder: its webhook when configured, else the first contact's e-mail; null with the reason when neither works.</summary>
    private Recipient? RecipientFor(Stakeholder stakeholder, out string why)
    {
        // The stakeholder's first language that has templates (en, fr, es), else English.
        var language = NotificationTemplates.Resolve(stakeholder.Languages.FirstOrDefault(l => string.Equals(NotificationTemplates.Resolve(l), l.Split('-', '_')[0], StringComparison.OrdinalIgnoreCase)));
        var mode = _options.Digest.Contains(stakeholder.Id, StringComparer.Ordinal) ? DeliveryMode.Digest : DeliveryMode.Immediate;
        if (_options.Webhooks.TryGetValue(stakeholder.Id, out var hook))
        {
            why = "";
            return new Recipient(stakeholder.Id, stakeholder.Name, NotificationChannel.Webhook, hook.Url, language, mode, hook.Secret);
        }

        if (!_email)
        {
            why = "e-mail is off (Dnscert:Smtp is not configured) and it has no webhook";
            return null;
        }

        if (stakeholder.Contacts.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Email)) is not { } contact)
        {
            why = "it has no contact e-mail address in the directory";
            return null;
        }

        why = "";
        return new Recipient(stakeholder.Id, stakeholder.Name, NotificationChannel.Email, contact.Email, language, mode);
    }
}
