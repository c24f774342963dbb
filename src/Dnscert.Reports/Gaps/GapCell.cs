namespace Dnscert.Reports.Gaps;

/// <summary>
/// One threat type in one region: how much was observed, its severity weight, and per function the organisations
/// able to act. <see cref="Missing"/> lists the functions nobody covers although the threat was observed;
/// <see cref="MissingLanguages"/> the languages of those affected that nobody able to act speaks.
/// </summary>
public sealed record GapCell(
    string ThreatTypeId,
    string Region,
    long Affected,
    double Weight,
    IReadOnlyDictionary<CapabilityFunction, IReadOnlyList<string>> Capable)
{
    public IReadOnlyList<CapabilityFunction> Missing =>
        Affected == 0 ? [] : [.. Enum.GetValues<CapabilityFunction>().Where(f => !Capable.TryGetValue(f, out var orgs) || orgs.Count == 0)];

    public bool IsGap => Missing.Count > 0;

    /// <summary>The languages of the affected TLDs (ccTLDs only), most affected first, with who speaks each.</summary>
    public IReadOnlyList<GapLanguage> Languages { get; init; } = [];

    /// <summary>Languages of the affected constituency that no organisation able to act here speaks.</summary>
    public IReadOnlyList<string> MissingLanguages => [.. Languages.Where(l => l.IsGap).Select(l => l.Language)];

    public bool IsLanguageGap => MissingLanguages.Count > 0;
}
