using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Email;
using Dnscert.Exchange.Notifications;

namespace Dnscert.UnitTests.Exchange.Notifications;

public sealed class NotificationTemplatesTests
{
    private static readonly NotificationItem s_item = new(Guid.Empty, "Lame delegation of example.test", Tlp.Red, Severity.Error, ["example.test"], "https://dnscert.test/ack/x");

    [Theory]
    [InlineData("en", "[TLP:RED] dnscert incident: Lame delegation of example.test", "Please acknowledge receipt")]
    [InlineData("fr-CA", "[TLP:RED] incident dnscert : Lame delegation of example.test", "Merci d'accuser réception")]
    [InlineData("es", "[TLP:RED] incidente dnscert: Lame delegation of example.test", "confirme la recepción")]
    [InlineData("de", "[TLP:RED] dnscert incident: Lame delegation of example.test", "Please acknowledge receipt")]
    public void The_recipients_language_chooses_the_texts_and_the_TLP_opens_subject_and_body(string language, string subject, string phrase)
    {
        var (renderedSubject, body) = NotificationTemplates.Render(new Recipient("r", "Registry", NotificationChannel.Email, "noc@r.example", language), [s_item]);
        Assert.Equal(subject, renderedSubject);
        Assert.StartsWith("TLP:RED", body, StringComparison.Ordinal);
        Assert.Contains(phrase, body, StringComparison.Ordinal);
        Assert.Contains("https://dnscert.test/ack/x", body, StringComparison.Ordinal);
    }
}
