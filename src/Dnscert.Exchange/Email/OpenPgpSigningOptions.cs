namespace Dnscert.Exchange.Email;

/// <summary>
/// The instance's optional OpenPGP signing key (section <c>Dnscert:OpenPgp</c>): an ASCII-armoured secret key file and
/// where its passphrase comes from (a file whose first line it is, or an environment variable; never the
/// configuration file itself). Unset <see cref="SecretKeyFile"/>: messages go out unsigned.
/// </summary>
public sealed class OpenPgpSigningOptions
{
    public const string Section = "Dnscert:OpenPgp";

    /// <summary>The armoured secret key (<c>gpg --export-secret-keys --armor</c>); its first signing key signs.</summary>
    public string? SecretKeyFile { get; set; }

    /// <summary>A file whose first line is the passphrase (mode 0600, outside the configuration).</summary>
    public string? PassphraseFile { get; set; }

    /// <summary>The name of an environment variable that holds the passphrase.</summary>
    public string? PassphraseEnvironment { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(SecretKeyFile);

    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (!Enabled && (PassphraseFile is not null || PassphraseEnvironment is not null))
        {
            problems.Add($"{Section}: a passphrase source is set but no SecretKeyFile.");
        }

        if (PassphraseFile is not null && PassphraseEnvironment is not null)
        {
            problems.Add($"{Section}: set PassphraseFile or PassphraseEnvironment, not both.");
        }

        return problems;
    }
}
