using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dnscert.Exchange.Notifications;

/// <summary>
/// Delivers due outbox messages: claims them (Pending → Sending), hands each to the transport of its channel, and
/// records Sent, a retry (back to Pending at now + back-off with jitter) or Failed, telling <see cref="INotificationEvents"/>
/// about each incident concerned. Time comes from the injected <see cref="TimeProvider"/>, so tests drive retries with a
/// fake clock.
/// </summary>
public sealed class OutboxProcessor
{
    private readonly IOutboxRepository _outbox;
    private readonly Dictionary<NotificationChannel, INotificationTransport> _transports;
    private readonly INotificationEvents _events;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;

    public OutboxProcessor(
        IOutboxRepository outbox,
        IEnumerable<INotificationTransport> transports,
        INotificationEvents events,
        OutboxOptions options,
        TimeProvider time,
        Random? random = null,
        ILogger<OutboxProcessor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(transports);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var problems = options.Check();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _outbox = outbox;
        _transports = transports.ToDictionary(t => t.Channel);
        _events = events;
        _options = options;
        _time = time;
        _random = random ?? Random.Shared;
        _logger = logger ?? NullLogger<OutboxProcessor>.Instance;
    }

    /// <summary>Runs rounds every <see cref="OutboxOptions.PollInterval"/> until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        do
        {
            while (await RunOnceAsync(cancellationToken).ConfigureAwait(false) == _options.BatchSize)
            {
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>One round: delivers the messages due now; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var due = await _outbox.ClaimDueAsync(_time.GetUtcNow(), _options.BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var message in due)
        {
            var updated = await DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            await _outbox.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
            foreach (var incidentId in updated.IncidentIds)
            {
                await _events.DeliveryChangedAsync(incidentId, updated, cancellationToken).ConfigureAwait(false);
            }
        }

        return due.Count;
    }

    private async Task<OutboxMessage> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var attempts = message.Attempts + 1;
        string problem;
        var permanent = false;
        if (!_transports.TryGetValue(message.Channel, out var transport))
        {
            problem = $"no transport for {message.Channel} is configured";
            permanent = true;
        }
        else
        {
            try
            {
                await transport.SendAsync(message, cancellationToken).ConfigureAwait(false);
                Log.Sent(_logger, message.Id, message.StakeholderId, message.Channel, attempts);
                return message with { State = OutboxState.Sent, Attempts = attempts, SentAt = _time.GetUtcNow(), LastError = null };
            }
            catch (NotificationDeliveryException e)
            {
                problem = e.Message;
                permanent = e.Permanent;
            }
        }

        if (permanent || attempts >= _options.MaxAttempts)
        {
            Log.Failed(_logger, message.Id, message.StakeholderId, attempts, problem);
            return message with { State = OutboxState.Failed, Attempts = attempts, LastError = problem };
        }

        var retryAt = _time.GetUtcNow() + _options.RetryDelay(attempts, _random.NextDouble());
        Log.Retrying(_logger, message.Id, message.StakeholderId, attempts, retryAt, problem);
        return message with { State = OutboxState.Pending, Attempts = attempts, NextAttemptAt = retryAt, LastError = problem };
    }
}
