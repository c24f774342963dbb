using System.Globalization;

namespace Dnscert.Web.Campaigns;

/// <summary>
/// A due time as people write it: a whole number and a unit, <c>90m</c>, <c>36h</c>, <c>7d</c>, <c>2w</c> (also
/// <c>s</c>), at most 366 days. Anything else is refused with the text in the message.
/// </summary>
public static class CampaignDue
{
    public static readonly TimeSpan Max = TimeSpan.FromDays(366);

    public static bool TryParse(string? text, out TimeSpan due)
    {
        due = default;
        var t = (text ?? "").Trim();
        if (t.Length is < 2 or > 8 || !int.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        var value = char.ToLowerInvariant(t[^1]) switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7.0 * n),
            _ => TimeSpan.Zero,
        };
        if (value <= TimeSpan.Zero || value > Max)
        {
            return false;
        }

        due = value;
        return true;
    }

    /// <summary>Like <see cref="TryParse"/>, throwing <see cref="Core.DnscertException"/> with the reason.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var due) ? due : throw new Core.DnscertException($"'{text}' is not a due time: use a number and s, m, h, d or w (7d), at most 366 days");
}
