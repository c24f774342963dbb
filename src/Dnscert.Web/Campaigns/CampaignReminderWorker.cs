using Dnscert.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dnscert.Web.Campaigns;

/// <summary>
/// The hosted service of <c>serve</c> that reminds overdue campaign parties: every
/// <see cref="CampaignOptions.ReminderPoll"/> (a <see cref="PeriodicTimer"/> on the injected clock, so tests drive it
/// with a fake one) it runs <see cref="CampaignService.RemindDueAsync"/>, whose back-off doubles the wait after each
/// reminder. A failed round is logged and the next round tries again; it never stops the web host.
/// </summary>
public sealed class CampaignReminderWorker : BackgroundService
{
    private readonly CampaignService _campaigns;
    private readonly ILogger<CampaignReminderWorker> _logger;

    // Made with the worker, not in ExecuteAsync (which the host may start later on another thread), so the first
    // round is due one poll interval after the worker exists, whatever the clock does meanwhile.
    private readonly PeriodicTimer _timer;

    public CampaignReminderWorker(CampaignService campaigns, TimeProvider time, ILogger<CampaignReminderWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _campaigns = campaigns;
        _logger = logger;
        _timer = new PeriodicTimer(campaigns.Options.ReminderPoll, time);
    }

    /// <summary>Rounds completed so far (for tests and diagnostics).</summary>
    public int Rounds { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await _timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var reminded = await _campaigns.RemindDueAsync(stoppingToken).ConfigureAwait(false);
                if (reminded > 0)
                {
                    Log.CampaignReminders(_logger, reminded);
                }
            }
            catch (DnscertException e)
            {
                // A store outage or a campaign changed under the round: the next round tries again.
                Log.CampaignRemindersFailed(_logger, e.Message);
            }

            Rounds++;
        }
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }
}
