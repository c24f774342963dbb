using System.Net.Sockets;
using Dnscert.Exchange.Notifications;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Dnscert.Exchange.Email;

/// <summary>
/// Delivers e-mail messages through an SMTP relay with MailKit: plain text in UTF-8, with the recipient's language in
/// Content-Language and the outbox message id as Message-Id, so a resent message is recognisable. Connection problems and
/// 4xx replies are retried; 5xx replies (no such mailbox, refused) fail the message for good. Attachments (a campaign
/// share) make the body multipart/mixed; with an <see cref="OpenPgpSigner"/> the whole body is signed (RFC 3156).
/// </summary>
public sealed class SmtpTransport : INotificationTransport
{
    private readonly SmtpOptions _options;
    private readonly OpenPgpSigner? _signer;

    /// <param name="options">The relay.</param>
    /// <param name="signer">Signs every message when set (Dnscert:OpenPgp); null sends unsigned.</param>
    public SmtpTransport(SmtpOptions options, OpenPgpSigner? signer = null)
    {
        _signer = signer;
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Check();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
    }

    public NotificationChannel Channel => NotificationChannel.Email;

    public MimeMessage Build(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!MailboxAddress.TryParse(message.Address, out var to))
        {
            throw new NotificationDeliveryException("the recipient address is not an e-mail address", permanent: true);
        }

        var text = new TextPart("plain") { Text = message.Body };
        text.Headers.Add(HeaderId.ContentLanguage, message.Language);
        MimeEntity body = text;
        if (message.Attachments.Count > 0)
        {
            var mixed = new Multipart("mixed") { text };
            foreach (var attachment in message.Attachments)
            {
                var part = new MimePart(ContentType.Parse(attachment.MediaType + "; charset=utf-8"))
                {
                    Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(attachment.Content))),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.QuotedPrintable,
                    FileName = attachment.FileName,
                };
                mixed.Add(part);
            }

            body = mixed;
        }

        if (_signer is not null)
        {
            // RFC 3156 section 5: signed parts must be 7-bit safe so no relay re-encodes them and breaks the signature.
            body.Prepare(EncodingConstraint.SevenBit);
            body = _signer.Sign(body);
        }

        var mime = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = $"{message.Id:D}@dnscert",
            Body = body,
        };
        mime.From.Add(new MailboxAddress(_options.FromName, _options.FromAddress));
        mime.To.Add(to);
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        return mime;
    }

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        var mime = Build(message);
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, _options.UseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
            if (_options.UserName is not null)
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? "", cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpCommandException e)
        {
            throw new NotificationDeliveryException($"SMTP server answered {(int)e.StatusCode} to {e.ErrorCode}", permanent: (int)e.StatusCode >= 500, e);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or AuthenticationException or TimeoutException)
        {
            throw new NotificationDeliveryException($"SMTP delivery failed: {e.GetType().Name}", permanent: false, e);
        }
    }
}
