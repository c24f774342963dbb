using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Email;
using Dnscert.Exchange.Notifications;
using Dnscert.IntegrationTests.Exchange;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Store;
using Dnscert.Web.Campaigns;
using MimeKit;
using MimeKit.Cryptography;

namespace Dnscert.IntegrationTests.Campaigns;

/// <summary>
/// A campaign end to end through a real SMTP server (Debian's aiosmtpd on 127.72.0.1) with the instance's OpenPGP key:
/// each registry receives its share in its language, as a CSV attachment, in an RFC 3156 multipart/signed message whose
/// signature Debian's gpg (a temporary GNUPGHOME, no key server, no agent) and MimeKit both verify.
/// </summary>
public sealed class CampaignMailTests : IAsyncLifetime
{
    private const string Passphrase = "correct horse battery staple";
    private static readonly Lazy<TestOpenPgpKey> s_key = new(() => TestOpenPgpKey.Create(Passphrase));
    private readonly string _directory = Directory.CreateTempSubdirectory("dnscert-campaign-mail-").FullName;
    private DnscertStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = Path.Combine(_directory, "data") }, cancellationToken: Ct);
        await CampaignDirectory.ImportAsync(_store.Stakeholders, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private OpenPgpSigningOptions KeyFiles(string passphrase)
    {
        var key = Path.Combine(_directory, "instance.asc");
        File.WriteAllText(key, s_key.Value.ArmoredSecret);
        var secret = Path.Combine(_directory, "passphrase");
        File.WriteAllText(secret, passphrase + "\n");
        return new OpenPgpSigningOptions { SecretKeyFile = key, PassphraseFile = secret };
    }

    [Fact]
    public async Task Each_registry_receives_its_share_in_its_language_signed_and_gpg_verifies_the_signature()
    {
        TestEnvironment.RequireTools("aiosmtpd", "gpg");
        await using var smtp = await LoopbackSmtpServer.StartAsync("127.72.0.1");
        using var signer = OpenPgpSigner.Load(KeyFiles(Passphrase));
        var outbox = new InMemoryOutboxRepository();
        var service = new CampaignService(_store, new Notifier(outbox, TimeProvider.System), new AcknowledgementToken(new byte[32], TimeProvider.System), TimeProvider.System, new CampaignOptions { PublicUrl = "http://127.72.0.2:8080" });
        var created = await service.CreateAsync("carol", "DGA family X, week 48", CampaignDirectory.Domains("m-"), "dga.txt", Tlp.Amber, TimeSpan.FromDays(7), Ct);
        Assert.Empty(created.WithoutContact);

        var events = new DeliveryLog();
        var processor = new OutboxProcessor(outbox, [new SmtpTransport(new SmtpOptions { Host = smtp.BoundAddress, Port = smtp.Port, UseStartTls = false }, signer)], events, new OutboxOptions(), TimeProvider.System);
        Assert.Equal(2, await processor.RunOnceAsync(Ct));
        Assert.All(outbox.All(), m => Assert.Equal(OutboxState.Sent, m.State));
        Assert.Equal(0, events.Count); // campaign messages concern no incident timeline

        var received = smtp.Messages();
        Assert.Equal(2, received.Count);
        var french = received.Single(m => m.To.Mailboxes.Single().Address == "securite@co-test.example");
        var english = received.Single(m => m.To.Mailboxes.Single().Address == "security@registry.example");
        Assert.Equal("[TLP:AMBER] campagne dnscert : DGA family X, week 48 (1 domaine(s))", french.Subject);
        Assert.Equal("[TLP:AMBER] dnscert campaign: DGA family X, week 48 (2 domain(s))", english.Subject);
        foreach (var (message, csv) in new[] { (french, "domain\r\nm-wpl9.co.test\r\n"), (english, "domain\r\nm-qzkx1.test\r\nm-qzkx2.test\r\n") })
        {
            var signed = Assert.IsType<MultipartSigned>(message.Body);
            Assert.Equal("application/pgp-signature", signed.ContentType.Parameters["protocol"]);
            var mixed = Assert.IsType<Multipart>(signed[0]);
            var attachment = Assert.Single(mixed.OfType<MimePart>(), p => p.IsAttachment);
            Assert.Equal("text/csv", attachment.ContentType.MimeType);
            using var content = new MemoryStream();
            attachment.Content!.DecodeTo(content, Ct);
            // The relay's maildir keeps Unix line ends; the CSV's lines are what counts.
            Assert.Equal(csv.ReplaceLineEndings("\n"), System.Text.Encoding.UTF8.GetString(content.ToArray()).ReplaceLineEndings("\n"));
            var text = Assert.IsType<TextPart>(mixed[0]);
            Assert.Contains("/ack/campaign/", text.Text, StringComparison.Ordinal);
            Assert.True(signer.Verify(signed));
            Assert.Equal(0, (await GpgVerifyAsync(signed, tamper: false)).ExitCode);
            var tampered = await GpgVerifyAsync(signed, tamper: true);
            Assert.NotEqual(0, tampered.ExitCode);
            Assert.Contains("BADSIG", tampered.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_wrong_passphrase_or_a_missing_key_stops_at_load_with_the_reason()
    {
        var wrong = Assert.Throws<DnscertException>(() => OpenPgpSigner.Load(KeyFiles("not the passphrase")));
        Assert.Contains("the passphrase does not unlock the signing key", wrong.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<DnscertException>(() => OpenPgpSigner.Load(new OpenPgpSigningOptions { SecretKeyFile = Path.Combine(_directory, "none.asc") }));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        var garbage = Path.Combine(_directory, "garbage.asc");
        File.WriteAllText(garbage, "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nnot a key\n-----END PGP PRIVATE KEY BLOCK-----\n");
        Assert.Contains("is not an OpenPGP secret key", Assert.Throws<DnscertException>(() => OpenPgpSigner.Load(new OpenPgpSigningOptions { SecretKeyFile = garbage })).Message, StringComparison.Ordinal);
    }

    /// <summary>Runs gpg --verify on the signed part (as received, CRLF) and its detached signature, in a fresh GNUPGHOME that holds only the public key.</summary>
    private static async Task<ProcessOutput> GpgVerifyAsync(MultipartSigned signed, bool tamper)
    {
        var home = Directory.CreateTempSubdirectory("dnscert-gnupg-").FullName;
        try
        {
            var publicKey = Path.Combine(home, "instance.pub.asc");
            await File.WriteAllTextAsync(publicKey, s_key.Value.ArmoredPublic, Ct);
            string[] common = ["--homedir", home, "--batch", "--no-tty", "--no-autostart", "--disable-dirmngr", "--no-auto-key-retrieve", "--no-auto-key-locate"];
            var import = await ProcessRunner.RunAsync("gpg", [.. common, "--import", publicKey]);
            Assert.True(import.ExitCode == 0, import.ToString());

            var data = Path.Combine(home, "signed.eml");
            await using (var stream = File.Create(data))
            {
                var options = FormatOptions.Default.Clone();
                options.NewLineFormat = NewLineFormat.Dos;
                await signed[0].WriteToAsync(options, stream, Ct);
            }

            if (tamper)
            {
                await File.AppendAllTextAsync(data, "x", Ct);
            }

            var signature = Path.Combine(home, "signed.eml.asc");
            await using (var stream = File.Create(signature))
            {
                await ((MimePart)signed[1]).Content!.DecodeToAsync(stream, Ct);
            }

            return await ProcessRunner.RunAsync("gpg", [.. common, "--status-fd", "1", "--verify", signature, data]);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>Counts the incident-timeline events the outbox reports (campaign messages must report none).</summary>
    private sealed class DeliveryLog : INotificationEvents
    {
        public int Count { get; private set; }

        public Task DeliveryChangedAsync(Guid incidentId, OutboxMessage message, CancellationToken cancellationToken = default)
        {
            Count++;
            return Task.CompletedTask;
        }
    }
}
