using Dnscert.Core.Store;
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
    private readonly TimeProvider _time;
    private readonly ILogger<CampaignReminderWorker> _logger;

    public CampaignReminderWorker(CampaignService campaigns, TimeProvider time, ILogger<CampaignReminderWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _campaigns = campaigns;
        _time = time;
        _logger = logger;
    }

    /// <summary>Rounds completed so far (for tests and diagnostics).</summary>
    public int Rounds { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_campaigns.Options.ReminderPoll, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var reminded = await _campaigns.RemindDueAsync(stoppingToken).ConfigureAwait(false);
                if (reminded > 0)
                {
                    Log.CampaignReminders(_logger, reminded);
                }
            }
            catch (StoreException e)
            {
                Log.CampaignRemindersFailed(_logger, e.Message);
            }

            Rounds++;
        }
    }
}
