namespace Dnscert.Core.Store;

/// <summary>The one spelling of a <see cref="ReportStance"/> in forms, the CLI, the API and the database.</summary>
public static class ReportStanceText
{
    public const string Supports = "supports";
    public const string SupportsWithReservations = "supports-with-reservations";
    public const string Opposes = "opposes";

    public static IReadOnlyList<string> All { get; } = [Supports, SupportsWithReservations, Opposes];

    public static string Of(ReportStance stance) => stance switch
    {
        ReportStance.Supports => Supports,
        ReportStance.SupportsWithReservations => SupportsWithReservations,
        ReportStance.Opposes => Opposes,
        _ => throw new ArgumentOutOfRangeException(nameof(stance), stance, "unknown stance"),
    };

    /// <summary>Null for anything but the three words, so each caller words its own error.</summary>
    public static ReportStance? TryParse(string? text) => text switch
    {
        Supports => ReportStance.Supports,
        SupportsWithReservations => ReportStance.SupportsWithReservations,
        Opposes => ReportStance.Opposes,
        _ => null,
    };
}
