namespace Dnscert.Web;

/// <summary>Settings of the dashboard and the API, section <c>Dnscert:Web</c>.</summary>
public sealed class DnscertWebOptions
{
    public const string Section = "Dnscert:Web";

    /// <summary>Where <c>dnscert serve</c> listens when no <c>--urls</c> is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>How long a login lasts without activity (sliding).</summary>
    /// <summary>The name this instance signs its MISP events and STIX bundles with (MISP Orgc, STIX identity).</summary>
    public string InstanceName { get; set; } = "dnscert";

    /// <summary>Base64 key (at least 32 bytes) that signs acknowledgement links; unset: a random key per process.</summary>
    public string? AcknowledgementKey { get; set; }

    public TimeSpan LoginLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Rows per page in lists (dashboard and API default).</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Largest page a client may ask the API for.</summary>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>How long the overview's aggregates are reused before they are computed again.</summary>
    public TimeSpan OverviewCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Days shown in the overview's severity chart.</summary>
    public int ChartDays { get; set; } = 14;

    /// <summary>Cookies only over HTTPS; off by default because <c>dnscert serve</c> listens on loopback over HTTP.</summary>
    public bool SecureCookies { get; set; }

    /// <summary>Domain → registrar id, for routing incidents to the registrar of a domain (the registry's data, configured by hand).</summary>
    public Dictionary<string, string> RegistrarByDomain { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Campaign due dates, reminders and links (docs/campaigns.md).</summary>
    public Campaigns.CampaignOptions Campaigns { get; set; } = new();

    /// <summary>Problems with these settings, for <c>dnscert config check</c>; empty when they are usable.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (!string.IsNullOrEmpty(AcknowledgementKey) && !IsKey(AcknowledgementKey))
        {
            problems.Add($"{Section}:AcknowledgementKey must be base64 of at least 32 bytes");
        }

        if (LoginLifetime <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:LoginLifetime must be positive");
        }

        if (PageSize is < 1 or > 1000)
        {
            problems.Add($"{Section}:PageSize must be between 1 and 1000");
        }

        if (MaxPageSize < PageSize)
        {
            problems.Add($"{Section}:MaxPageSize must be at least PageSize");
        }

        if (OverviewCacheLifetime < TimeSpan.Zero)
        {
            problems.Add($"{Section}:OverviewCacheLifetime must not be negative");
        }

        if (ChartDays is < 1 or > 366)
        {
            problems.Add($"{Section}:ChartDays must be between 1 and 366");
        }

        problems.AddRange(Campaigns.Check());
        return problems;
    }

    private static bool IsKey(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written >= 32;
    }
}
