using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dnscert.Exchange.Webhooks;

/// <summary>
/// The HMAC-SHA256 signature of a webhook POST. The sender puts the Unix time in <c>X-Dnscert-Timestamp</c> and
/// <c>v1=</c> + lower-case hex of HMAC-SHA256(secret, timestamp + "." + body) in <c>X-Dnscert-Signature</c>. A receiver
/// recomputes it over the raw body bytes, compares in constant time, and refuses a timestamp outside its tolerance so a
/// captured request cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-Dnscert-Timestamp";
    public const string SignatureHeader = "X-Dnscert-Signature";
    private const string Version = "v1=";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Version + Convert.ToHexStringLower(Mac(secret, unixSeconds, body));
    }

    /// <summary>True when <paramref name="signature"/> matches and <paramref name="timestamp"/> is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(secret) || timestamp is null || signature is null || !signature.StartsWith(Version, StringComparison.Ordinal)
            || timestamp.Length > 12 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var hex = signature.AsSpan(Version.Length);
        if (hex.Length != 64)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        try
        {
            Convert.FromHexString(hex, given, out _, out _);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, seconds, body));
    }

    private static byte[] Mac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
    }
}
