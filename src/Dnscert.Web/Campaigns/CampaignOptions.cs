namespace Dnscert.Web.Campaigns;

/// <summary>
/// Campaign settings (section <c>Dnscert:Web:Campaigns</c>): the default due dates, the reminder back-off for overdue
/// parties, how long the acknowledgement and completion links work, and the public address the links point at.
/// </summary>
public sealed class CampaignOptions
{
    /// <summary>Time a party has to acknowledge receipt, from creation.</summary>
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Time a party has to complete (block the names), from creation, when the creator gives no due date.</summary>
    public TimeSpan DefaultDue { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Wait after the first reminder; doubled after each further one, up to <see cref="MaxReminderInterval"/>.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan MaxReminderInterval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the reminder worker of <c>serve</c> looks for overdue parties.</summary>
    public TimeSpan ReminderPoll { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a campaign link works after it was sent.</summary>
    public TimeSpan LinkValidity { get; set; } = TimeSpan.FromDays(60);

    /// <summary>The address recipients reach the dashboard at; links are <c>{PublicUrl}/ack/campaign/{token}</c>.</summary>
    public string PublicUrl { get; set; } = DnscertWebOptions.DefaultUrl;

    public IReadOnlyList<string> Check()
    {
        const string Section = DnscertWebOptions.Section + ":Campaigns";
        var problems = new List<string>();
        if (AcknowledgeWithin <= TimeSpan.Zero || DefaultDue < AcknowledgeWithin)
        {
            problems.Add($"{Section}:AcknowledgeWithin must be positive and at most DefaultDue");
        }

        if (ReminderInterval <= TimeSpan.Zero || MaxReminderInterval < ReminderInterval)
        {
            problems.Add($"{Section}:ReminderInterval must be positive and at most MaxReminderInterval");
        }

        if (ReminderPoll < TimeSpan.FromSeconds(1) || LinkValidity <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:ReminderPoll must be at least 1 s and LinkValidity positive");
        }

        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            problems.Add($"{Section}:PublicUrl must be an absolute http or https URL");
        }

        return problems;
    }
}
