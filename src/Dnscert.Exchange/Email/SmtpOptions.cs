namespace Dnscert.Exchange.Email;

/// <summary>The SMTP relay dnscert sends through (section <c>Dnscert:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 25;

    /// <summary>STARTTLS when the server offers it (off only for a loopback relay or a test server).</summary>
    public bool UseStartTls { get; set; } = true;

    public string FromAddress { get; set; } = "dnscert@localhost";

    public string FromName { get; set; } = "dnscert";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Host) || Port is < 1 or > 65535)
        {
            problems.Add("Dnscert:Smtp: Host must be set and Port between 1 and 65535.");
        }

        if (!MimeKit.MailboxAddress.TryParse(FromAddress, out _))
        {
            problems.Add("Dnscert:Smtp: FromAddress is not an e-mail address.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add("Dnscert:Smtp: Timeout must be positive.");
        }

        return problems;
    }
}
