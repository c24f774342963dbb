using System.Globalization;
using Dnscert.Core.Store;

namespace Dnscert.Web.Pages;

/// <summary>Observation cursors as opaque text for URLs: microseconds since 1970 of last seen, a dot, the id.</summary>
internal static class Cursors
{
    public static string Format(ObservationCursor cursor) =>
        string.Create(CultureInfo.InvariantCulture, $"{(cursor.LastSeen.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10}.{cursor.Id:N}");

    public static ObservationCursor? ParseObservation(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && long.TryParse(text.AsSpan(0, dot), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
            && Guid.TryParseExact(text.AsSpan(dot + 1), "N", out var id)
            && micros is > -62_135_596_800_000_000 and < 253_402_300_800_000_000
            ? new ObservationCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), id)
            : throw new FormatException($"'{text}' is not an observation cursor");
    }
}
