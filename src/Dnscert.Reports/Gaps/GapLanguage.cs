namespace Dnscert.Reports.Gaps;

/// <summary>
/// One language of the constituency affected in a gap cell: how many affected observations were in TLDs that speak
/// it, and the organisations able to act on the threat there (any function) that speak it. None is a language gap.
/// </summary>
public sealed record GapLanguage(string Language, long Affected, IReadOnlyList<string> Speakers)
{
    public bool IsGap => Affected > 0 && Speakers.Count == 0;
}
