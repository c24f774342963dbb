namespace Dnscert.Core.Store;

/// <summary>
/// The one reading of a TLP 2.0 marking typed by a person (CLI options, configuration): clear (TLP 1.0's white is
/// refused: TLP 2.0 renamed it), green, amber, amber+strict (or amber-strict), red, in any case. Null for anything else, so each caller words
/// its own error.
/// </summary>
public static class TlpText
{
    public static Tlp? TryParse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "clear" => Tlp.Clear,
        "green" => Tlp.Green,
        "amber" => Tlp.Amber,
        "amber+strict" or "amber-strict" => Tlp.AmberStrict,
        "red" => Tlp.Red,
        _ => null,
    };
}
