namespace Dnscert.Core.Statistics;

/// <summary>
/// The source of an observation, read from the family prefix of its threat type id: the observation record carries
/// no source field, and each family has exactly one producer today (checks find <c>infra.*</c>, traffic detectors
/// <c>attack.*</c>, feeds <c>abuse.*</c>).
/// </summary>
public static class ObservationSources
{
    public const string Checks = "checks";
    public const string Traffic = "traffic";
    public const string Feeds = "feeds";
    public const string Other = "other";

    public static string Of(string threatTypeId)
    {
        ArgumentNullException.ThrowIfNull(threatTypeId);
        var dot = threatTypeId.IndexOf('.', StringComparison.Ordinal);
        var family = dot < 0 ? threatTypeId : threatTypeId[..dot];
        return family switch
        {
            "infra" => Checks,
            "attack" => Traffic,
            "abuse" => Feeds,
            _ => Other,
        };
    }
}
