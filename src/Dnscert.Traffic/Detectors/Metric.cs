using System.Globalization;

namespace Dnscert.Traffic.Detectors;

/// <summary>Formats detection metrics invariantly, so evidence reads the same on every machine.</summary>
internal static class Metric
{
    public static KeyValuePair<string, string> Of(string key, double value) =>
        new(key, Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture));

    public static KeyValuePair<string, string> Of(string key, long value) =>
        new(key, value.ToString(CultureInfo.InvariantCulture));

    public static KeyValuePair<string, string> Of(string key, string value) => new(key, value);

    /// <summary>Warning at the threshold, Error at four times it (how far past normal the traffic is).</summary>
    public static Dnscert.Core.Severity SeverityFor(double value, double threshold) =>
        value >= 4 * threshold ? Dnscert.Core.Severity.Error : Dnscert.Core.Severity.Warning;
}
