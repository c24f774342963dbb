using System.Globalization;

namespace Dnscert.Lab.Scenarios;

/// <summary>Offsets such as <c>+30d</c>, <c>-1h</c> or <c>+90m</c>, relative to the moment the lab comes up.</summary>
public static class RelativeTime
{
    public static bool TryParse(string? text, out TimeSpan offset)
    {
        offset = default;
        if (string.IsNullOrEmpty(text) || text.Length < 3 || text[0] is not ('+' or '-'))
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 3650 * 86400)
        {
            return false;
        }

        TimeSpan? unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => null,
        };
        if (unit is null)
        {
            return false;
        }

        offset = unit.Value * n * (text[0] == '-' ? -1 : 1);
        return true;
    }

    public static TimeSpan Parse(string? text, TimeSpan fallback) => TryParse(text, out var t) ? t : fallback;
}
