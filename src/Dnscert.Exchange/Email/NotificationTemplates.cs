using System.Globalization;
using System.Text;
using Dnscert.Exchange.Notifications;

namespace Dnscert.Exchange.Email;

/// <summary>
/// The e-mail texts in English, French and Spanish, chosen by the recipient's language (its primary subtag, so
/// "fr-CA" reads French); any other language gets English. The TLP label opens the subject and the body, as TLP 2.0
/// asks of a marked message.
/// </summary>
public static class NotificationTemplates
{
    private sealed record Texts(
        string Single,
        string Digest,
        string Greeting,
        string IntroSingle,
        string IntroDigest,
        string Severity,
        string Subjects,
        string Acknowledge,
        string Footer);

    private static readonly Dictionary<string, Texts> s_texts = new(StringComparer.Ordinal)
    {
        ["en"] = new(
            "[{0}] dnscert incident: {1}",
            "[{0}] dnscert digest: {1} incident(s)",
            "Dear {0},",
            "dnscert has opened an incident that concerns your constituency.",
            "dnscert has opened the following incidents that concern your constituency.",
            "Severity",
            "Subjects",
            "Please acknowledge receipt by opening this link:",
            "This message was sent by dnscert. Share it only as its TLP label allows."),
        ["fr"] = new(
            "[{0}] incident dnscert : {1}",
            "[{0}] synthèse dnscert : {1} incident(s)",
            "Bonjour {0},",
            "dnscert a ouvert un incident qui concerne votre périmètre.",
            "dnscert a ouvert les incidents suivants qui concernent votre périmètre.",
            "Gravité",
            "Objets concernés",
            "Merci d'accuser réception en ouvrant ce lien :",
            "Ce message a été envoyé par dnscert. Ne le partagez que dans les limites de son marquage TLP."),
        ["es"] = new(
            "[{0}] incidente dnscert: {1}",
            "[{0}] resumen dnscert: {1} incidente(s)",
            "Estimado/a {0}:",
            "dnscert ha abierto un incidente que afecta a su ámbito.",
            "dnscert ha abierto los siguientes incidentes que afectan a su ámbito.",
            "Gravedad",
            "Objetos afectados",
            "Por favor, confirme la recepción abriendo este enlace:",
            "Este mensaje fue enviado por dnscert. Compártalo solo según lo permita su etiqueta TLP."),
    };

    /// <summary>The languages with their own texts.</summary>
    public static IReadOnlyCollection<string> Languages => s_texts.Keys;

    /// <summary>The language used for <paramref name="language"/>: its primary subtag when there are texts for it, else "en".</summary>
    public static string Resolve(string? language)
    {
        var primary = (language ?? "").Split('-', '_')[0].ToLowerInvariant();
        return s_texts.ContainsKey(primary) ? primary : "en";
    }

    /// <summary>The subject and plain-text body for <paramref name="items"/> (one: a notice; several: a digest).</summary>
    public static (string Subject, string Body) Render(Recipient recipient, IReadOnlyList<NotificationItem> items)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("A notification needs at least one item.", nameof(items));
        }

        var texts = s_texts[Resolve(recipient.Language)];
        var strictest = TlpMarking.For(items.Max(i => i.Tlp)).StixName;
        var subject = items.Count == 1
            ? string.Format(CultureInfo.InvariantCulture, texts.Single, strictest, items[0].Title)
            : string.Format(CultureInfo.InvariantCulture, texts.Digest, strictest, items.Count);
        var body = new StringBuilder();
        body.AppendLine(strictest).AppendLine();
        body.AppendLine(string.Format(CultureInfo.InvariantCulture, texts.Greeting, recipient.Name)).AppendLine();
        body.AppendLine(items.Count == 1 ? texts.IntroSingle : texts.IntroDigest);
        foreach (var item in items)
        {
            body.AppendLine();
            body.Append("* ").Append(TlpMarking.For(item.Tlp).StixName).Append(' ').AppendLine(item.Title);
            body.Append("  ").Append(texts.Severity).Append(": ").AppendLine(item.Severity.ToString());
            body.Append("  ").Append(texts.Subjects).Append(": ").AppendLine(string.Join(", ", item.Subjects));
            body.Append("  ").AppendLine(texts.Acknowledge);
            body.Append("  ").AppendLine(item.AcknowledgeUrl);
        }

        body.AppendLine().AppendLine("-- ").AppendLine(texts.Footer);
        return (subject, body.ToString());
    }
}
