using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Dnscert.Exchange.Import;

/// <summary>Reads an imported document under <see cref="ImportLimits"/>, and typed values out of it without throwing.</summary>
internal static class JsonInput
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, ImportLimits limits, string format)
    {
        if (utf8.Length > limits.MaxDocumentBytes)
        {
            throw new ExchangeFormatException($"{format}: the document has {utf8.Length} bytes, more than the limit of {limits.MaxDocumentBytes}.");
        }

        // JsonDocument checks UTF-8 only when a string is read, so a bad byte would surface later as a transcoding error.
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new ExchangeFormatException($"{format}: the document is not valid UTF-8 (near byte {FirstInvalidByte(utf8.Span)}).");
        }

        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = limits.MaxDepth });
        }
        catch (JsonException e)
        {
            throw new ExchangeFormatException($"{format}: not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A MISP timestamp: Unix seconds as a string or a number, or an ISO 8601 time.</summary>
    public static DateTimeOffset? Time(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds))
        {
            return FromUnix(seconds);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString()!;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
        {
            return FromUnix(seconds);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
    }

    private static DateTimeOffset? FromUnix(long seconds) =>
        seconds is >= 0 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
