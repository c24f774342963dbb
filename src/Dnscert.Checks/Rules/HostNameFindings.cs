namespace Dnscert.Checks.Rules;

/// <summary>
/// What <see cref="HostNameRules.Judge"/> found wrong with one host name (SYNTAX04, 07 and 08): a character
/// outside letters, digits and hyphen; labels with "--" in positions 3-4 that are not "xn--"; an all-digit TLD.
/// </summary>
public sealed record HostNameFindings(bool NonAllowedCharacters, IReadOnlyList<string> DoubleDashLabels, string? NumericTld)
{
    public bool IsOk => !NonAllowedCharacters && DoubleDashLabels.Count == 0 && NumericTld is null;
}
