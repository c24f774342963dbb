using System.Collections.Frozen;

namespace Dnscert.Reports.Rendering;

/// <summary>The fixed texts of a report in English, French and Spanish; threat ids and numbers stay as they are.</summary>
public static class ReportText
{
    public static IReadOnlyList<string> Languages { get; } = ["en", "fr", "es"];

    private static readonly FrozenDictionary<string, string[]> s_texts = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // key: en, fr, es
        ["title.threats"] = ["DNS threat report", "Rapport sur les menaces DNS", "Informe de amenazas DNS"],
        ["title.health"] = ["DNS infrastructure health report", "Rapport sur la santé de l'infrastructure DNS", "Informe de salud de la infraestructura DNS"],
        ["title.gaps"] = ["Coverage gap report", "Rapport sur les lacunes de couverture", "Informe de brechas de cobertura"],
        ["period"] = ["Period", "Période", "Periodo"],
        ["generated"] = ["Generated", "Généré le", "Generado el"],
        ["total"] = ["Observations affecting a subject in the period", "Observations touchant un sujet pendant la période", "Observaciones que afectan a un sujeto en el periodo"],
        ["daily"] = ["Active observations per day", "Observations actives par jour", "Observaciones activas por día"],
        ["by.tld"] = ["Affected per TLD", "Touchés par TLD", "Afectados por TLD"],
        ["by.region"] = ["Affected per region", "Touchés par région", "Afectados por región"],
        ["by.threat"] = ["Affected per threat type", "Touchés par type de menace", "Afectados por tipo de amenaza"],
        ["by.source"] = ["Affected per source", "Touchés par source", "Afectados por fuente"],
        ["by.severity"] = ["Severity distribution", "Répartition par gravité", "Distribución por gravedad"],
        ["rates"] = ["Monthly rates per 10,000 domains (median of daily values)", "Taux mensuels pour 10 000 domaines (médiane des valeurs quotidiennes)", "Tasas mensuales por cada 10 000 dominios (mediana de los valores diarios)"],
        ["mitigation"] = ["Time to mitigate (first seen to resolved)", "Délai de remédiation (première détection à résolution)", "Tiempo de mitigación (primera detección a resolución)"],
        ["gaps"] = ["Coverage matrix: threat type × region", "Matrice de couverture : type de menace × région", "Matriz de cobertura: tipo de amenaza × región"],
        ["gap.missing"] = ["Functions nobody covers", "Fonctions non couvertes", "Funciones sin cobertura"],
        ["gap.languages"] = ["Languages of those affected that nobody able to act speaks", "Langues des personnes touchées que personne en mesure d'agir ne parle", "Idiomas de los afectados que nadie capaz de actuar habla"],
        ["method"] = ["Method and evidence", "Méthode et éléments de preuve", "Método y evidencias"],
        ["method.text"] = [
            "Each number is computed from the stored observations of checks, traffic detectors and abuse feeds. An observation affects its subject on every day from first seen to last seen; a period counts it once. Rates divide the median of the daily counts of a month by the TLD size.",
            "Chaque nombre est calculé à partir des observations enregistrées des contrôles, des détecteurs de trafic et des flux d'abus. Une observation touche son sujet chaque jour entre sa première et sa dernière détection ; une période la compte une fois. Les taux divisent la médiane des comptes quotidiens d'un mois par la taille du TLD.",
            "Cada número se calcula a partir de las observaciones almacenadas de comprobaciones, detectores de tráfico y fuentes de abuso. Una observación afecta a su sujeto cada día entre la primera y la última detección; un periodo la cuenta una vez. Las tasas dividen la mediana de los recuentos diarios de un mes por el tamaño del TLD.",
        ],
        ["col.name"] = ["Name", "Nom", "Nombre"],
        ["col.count"] = ["Count", "Nombre", "Cantidad"],
        ["col.tld"] = ["TLD", "TLD", "TLD"],
        ["col.month"] = ["Month", "Mois", "Mes"],
        ["col.size"] = ["Domains", "Domaines", "Dominios"],
        ["col.median"] = ["Median per day", "Médiane par jour", "Mediana por día"],
        ["col.rate"] = ["Per 10,000", "Pour 10 000", "Por 10 000"],
        ["col.threat"] = ["Threat type", "Type de menace", "Tipo de amenaza"],
        ["col.region"] = ["Region", "Région", "Región"],
        ["col.resolved"] = ["Resolved", "Résolues", "Resueltas"],
        ["col.mean"] = ["Mean", "Moyenne", "Media"],
        ["col.weight"] = ["Severity weight", "Poids de gravité", "Peso de gravedad"],
        ["none"] = ["No data in this period.", "Aucune donnée pour cette période.", "No hay datos en este periodo."],
        ["sources"] = ["Sources counted", "Sources comptées", "Fuentes contadas"],
        ["published"] = ["Published", "Publié", "Publicado"],
        ["published.by"] = ["by", "par", "por"],
        ["hash"] = ["Content hash (SHA-256)", "Empreinte du contenu (SHA-256)", "Huella del contenido (SHA-256)"],
        ["consultation"] = ["Consultation", "Consultation", "Consulta"],
        ["consultation.summary"] = ["Consultation summary", "Synthèse de la consultation", "Resumen de la consulta"],
        ["consultation.open"] = ["Open for comments until", "Ouverte aux commentaires jusqu'au", "Abierta a comentarios hasta"],
        ["consultation.open.unbounded"] = ["Open for comments until it is closed.", "Ouverte aux commentaires jusqu'à sa clôture.", "Abierta a comentarios hasta su cierre."],
        ["consultation.closed"] = ["Closed", "Close le", "Cerrada el"],
        ["comments"] = ["Comments", "Commentaires", "Comentarios"],
        ["comments.count"] = ["Number of comments", "Nombre de commentaires", "Número de comentarios"],
        ["comments.none"] = ["No comments.", "Aucun commentaire.", "Ningún comentario."],
        ["stance.supports"] = ["Supports", "Soutient", "Apoya"],
        ["stance.supports-with-reservations"] = ["Supports with reservations", "Soutient avec réserves", "Apoya con reservas"],
        ["stance.opposes"] = ["Opposes", "S'oppose", "Se opone"],
        ["col.organisation"] = ["Organisation", "Organisation", "Organización"],
        ["col.author"] = ["Author", "Auteur", "Autor"],
        ["col.time"] = ["Time", "Heure", "Hora"],
        ["total.row"] = ["Total", "Total", "Total"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string Get(string key, string language)
    {
        var texts = s_texts[key];
        return language switch
        {
            "fr" => texts[1],
            "es" => texts[2],
            _ => texts[0],
        };
    }

    public static bool IsSupported(string language) => Languages.Contains(language, StringComparer.Ordinal);
}
