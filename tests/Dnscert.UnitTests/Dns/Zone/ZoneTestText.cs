using Dnscert.Dns;
using Dnscert.Dns.Zone;

namespace Dnscert.UnitTests.Dns.Zone;

/// <summary>Reads zone text for the tests, with example. as the origin unless told otherwise.</summary>
internal static class ZoneTestText
{
    public static ZoneReaderOptions Options(string origin = "example.", ZoneParseLimits? limits = null, string? includeDirectory = null) => new()
    {
        Origin = DomainName.Parse(origin),
        FileName = "test.zone",
        Limits = limits ?? ZoneParseLimits.Default,
        IncludeDirectory = includeDirectory,
    };

    public static List<ZoneRecord> Read(string text, ZoneReaderOptions? options = null)
    {
        using var reader = ZoneFileReader.FromText(text, options ?? Options());
        return [.. reader.ReadAll()];
    }

    /// <summary>Each record as one line of text: owner TTL class type RDATA.</summary>
    public static List<string> Lines(string text, ZoneReaderOptions? options = null) =>
        [.. Read(text, options).Select(r => r.ToString())];

    public static ZoneFileException Error(string text, ZoneReaderOptions? options = null) =>
        Assert.Throws<ZoneFileException>(() => Read(text, options));
}
