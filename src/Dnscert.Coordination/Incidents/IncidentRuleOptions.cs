namespace Dnscert.Coordination.Incidents;

/// <summary>
/// One rule of <c>Dnscert:Incidents:Rules</c> as configured; <see cref="IncidentRulesOptions.Policies"/> turns it into
/// an <see cref="IncidentPolicy"/>. Text values (severity, TLP, window) so the configuration reads like the docs.
/// </summary>
public sealed class IncidentRuleOptions
{
    /// <summary>Names the rule in group keys and messages; unique among the rules.</summary>
    public string Name { get; set; } = "";

    /// <summary>Threat type ids of the catalogue, <c>family.*</c> patterns, or <c>*</c>; empty means every type.</summary>
    public List<string> ThreatTypes { get; set; } = [];

    /// <summary>debug, info, notice, warning, error or critical.</summary>
    public string MinimumSeverity { get; set; } = "error";

    /// <summary>Domain suffixes the subject must fall under (<c>test</c>, <c>example.org</c>); empty means every subject.</summary>
    public List<string> Subjects { get; set; } = [];

    /// <summary>clear, green, amber, amber+strict or red: the TLP of the incidents the rule opens.</summary>
    public string Tlp { get; set; } = "amber";

    /// <summary>Observations of the same subject and threat type within this time of the last update join the open incident.</summary>
    public TimeSpan GroupingWindow { get; set; } = TimeSpan.FromDays(1);
}
