using System.Globalization;
using System.Text;
using Dnscert.Exchange.Notifications;

namespace Dnscert.Exchange.Email;

/// <summary>
/// The texts of campaign messages in English, French and Spanish, chosen as <see cref="NotificationTemplates"/>
/// chooses (primary subtag, English otherwise). The TLP label opens subject and body; the share itself travels as a
/// CSV attachment (<see cref="Attachment"/>), so a registry can load it into its tools without copying from the text.
/// </summary>
public static class CampaignTemplates
{
    private sealed record Texts(
        string Subject,
        string ReminderSubject,
        string Greeting,
        string Intro,
        string ReminderIntro,
        string Share,
        string AcknowledgeBy,
        string CompleteBy,
        string Acknowledge,
        string Complete,
        string Footer);

    private static readonly Dictionary<string, Texts> s_texts = new(StringComparer.Ordinal)
    {
        ["en"] = new(
            "[{0}] dnscert campaign: {1} ({2} domain(s))",
            "[{0}] Reminder: dnscert campaign {1} ({2} domain(s))",
            "Dear {0},",
            "dnscert coordinates the campaign \"{0}\" across several registries. Your share is {1} domain name(s) under your responsibility, listed in the attached CSV file and below.",
            "This is a reminder: the campaign \"{0}\" is still waiting for you. Your share is {1} domain name(s), attached again.",
            "Your share",
            "Please acknowledge receipt by",
            "Please complete the action (block or take down the names) by",
            "Acknowledge receipt:",
            "Report completion:",
            "This message was sent by dnscert. Share it only as its TLP label allows."),
        ["fr"] = new(
            "[{0}] campagne dnscert : {1} ({2} domaine(s))",
            "[{0}] Rappel : campagne dnscert {1} ({2} domaine(s))",
            "Bonjour {0},",
            "dnscert coordonne la campagne « {0} » auprès de plusieurs registres. Votre part compte {1} nom(s) de domaine relevant de votre responsabilité, listés dans le fichier CSV joint et ci-dessous.",
            "Ceci est un rappel : la campagne « {0} » attend toujours votre réponse. Votre part compte {1} nom(s) de domaine, joints à nouveau.",
            "Votre part",
            "Merci d'accuser réception avant le",
            "Merci de mener l'action (bloquer ou supprimer les noms) avant le",
            "Accuser réception :",
            "Signaler la fin de l'action :",
            "Ce message a été envoyé par dnscert. Ne le partagez que dans les limites de son marquage TLP."),
        ["es"] = new(
            "[{0}] campaña dnscert: {1} ({2} dominio(s))",
            "[{0}] Recordatorio: campaña dnscert {1} ({2} dominio(s))",
            "Estimado/a {0}:",
            "dnscert coordina la campaña «{0}» con varios registros. Su parte son {1} nombre(s) de dominio bajo su responsabilidad, enumerados en el archivo CSV adjunto y a continuación.",
            "Esto es un recordatorio: la campaña «{0}» sigue esperando su respuesta. Su parte son {1} nombre(s) de dominio, adjuntos de nuevo.",
            "Su parte",
            "Por favor, confirme la recepción antes del",
            "Por favor, complete la acción (bloquear o retirar los nombres) antes del",
            "Confirmar la recepción:",
            "Informar de la finalización:",
            "Este mensaje fue enviado por dnscert. Compártalo solo según lo permita su etiqueta TLP."),
    };

    /// <summary>The most names listed in the body; the attachment always carries all of them.</summary>
    public const int MaxNamesInBody = 50;

    /// <summary>The subject and plain-text body of <paramref name="notice"/> for <paramref name="recipient"/>.</summary>
    public static (string Subject, string Body) Render(Recipient recipient, CampaignNotice notice)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(notice);
        var texts = s_texts[NotificationTemplates.Resolve(recipient.Language)];
        var label = TlpMarking.For(notice.Tlp).StixName;
        var subject = string.Format(CultureInfo.InvariantCulture, notice.Reminder ? texts.ReminderSubject : texts.Subject, label, notice.CampaignName, notice.Domains.Count);
        var body = new StringBuilder();
        body.AppendLine(label).AppendLine();
        body.AppendLine(string.Format(CultureInfo.InvariantCulture, texts.Greeting, recipient.Name)).AppendLine();
        body.AppendLine(string.Format(CultureInfo.InvariantCulture, notice.Reminder ? texts.ReminderIntro : texts.Intro, notice.CampaignName, notice.Domains.Count)).AppendLine();
        body.Append(texts.AcknowledgeBy).Append(' ').AppendLine(Date(notice.AcknowledgeBy));
        body.Append(texts.CompleteBy).Append(' ').AppendLine(Date(notice.CompleteBy)).AppendLine();
        body.Append(texts.Share).AppendLine(":");
        foreach (var domain in notice.Domains.Take(MaxNamesInBody))
        {
            body.Append("  ").AppendLine(domain);
        }

        if (notice.Domains.Count > MaxNamesInBody)
        {
            body.Append("  … (+").Append(notice.Domains.Count - MaxNamesInBody).AppendLine(", CSV)");
        }

        body.AppendLine();
        body.AppendLine(texts.Acknowledge).Append("  ").AppendLine(notice.AcknowledgeUrl);
        body.AppendLine(texts.Complete).Append("  ").AppendLine(notice.CompleteUrl);
        body.AppendLine().AppendLine("-- ").AppendLine(texts.Footer);
        return (subject, body.ToString());
    }

    /// <summary>The party's share as CSV: a <c>domain</c> header, then one name per line.</summary>
    public static OutboxAttachment Attachment(CampaignNotice notice, string stakeholderId)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var csv = new StringBuilder("domain\r\n");
        foreach (var domain in notice.Domains)
        {
            csv.Append(domain).Append("\r\n");
        }

        return new OutboxAttachment($"campaign-{notice.CampaignId:N}-{stakeholderId}.csv", "text/csv", csv.ToString());
    }

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
