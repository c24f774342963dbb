using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Dnscert.Exchange.Notifications;

/// <summary>
/// The token in an acknowledgement link (<c>/ack/{token}</c>): base64url(payload) "." base64url(HMAC-SHA256(key,
/// payload)), where the payload is a version byte, the incident id (16 bytes), the expiry (Unix seconds, 8 bytes, big
/// endian) and the stakeholder id (UTF-8, at most 128 bytes). Anyone holding the link may acknowledge, which is what
/// a link in an e-mail is for; the MAC stops anyone from forging or altering one, and the expiry bounds its life.
/// The version byte is also the token's <see cref="AcknowledgementPurpose"/> (1 = incident, as before), so a campaign's
/// completion link can never be replayed as an acknowledgement or as an incident link: the MAC covers the purpose.
/// </summary>
public sealed class AcknowledgementToken
{
    /// <summary>The longest token read; anything longer is refused before decoding.</summary>
    public const int MaxLength = 400;

    private const int MaxStakeholderBytes = 128;
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <param name="key">At least 32 bytes of secret key (Dnscert:Notifications:AcknowledgementKey).</param>
    /// <param name="time">Gives the expiry of new tokens and the time old ones are checked against.</param>
    public AcknowledgementToken(byte[] key, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(time);
        if (key.Length < 32)
        {
            throw new ArgumentException("The acknowledgement key needs at least 32 bytes.", nameof(key));
        }

        _key = key;
        _time = time;
    }

    public string Create(Guid incidentId, string stakeholderId, TimeSpan validity, AcknowledgementPurpose purpose = AcknowledgementPurpose.Incident)
    {
        if (!Enum.IsDefined(purpose))
        {
            throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "unknown token purpose");
        }

        ArgumentException.ThrowIfNullOrEmpty(stakeholderId);
        var stakeholder = Encoding.UTF8.GetBytes(stakeholderId);
        if (stakeholder.Length > MaxStakeholderBytes)
        {
            throw new ArgumentException($"A stakeholder id in a token has at most {MaxStakeholderBytes} bytes.", nameof(stakeholderId));
        }

        var payload = new byte[1 + 16 + 8 + stakeholder.Length];
        payload[0] = (byte)purpose;
        incidentId.TryWriteBytes(payload.AsSpan(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(17, 8), (_time.GetUtcNow() + validity).ToUnixTimeSeconds());
        stakeholder.CopyTo(payload, 25);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>
    /// Reads <paramref name="token"/>; false with a reason when it is malformed, forged, altered, expired or made for
    /// another purpose than <paramref name="purpose"/> (null accepts any purpose; the caller then checks
    /// <see cref="AcknowledgementClaim.Purpose"/>).
    /// </summary>
    public bool TryRead(string? token, [NotNullWhen(true)] out AcknowledgementClaim? claim, [NotNullWhen(false)] out string? reason, AcknowledgementPurpose? purpose = AcknowledgementPurpose.Incident)
    {
        claim = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            reason = "the link is empty or too long";
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !Base64Url.IsValid(token.AsSpan(0, dot)) || !Base64Url.IsValid(token.AsSpan(dot + 1)))
        {
            reason = "the link is not a dnscert acknowledgement link";
            return false;
        }

        var payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
        var mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        if (payload.Length is < 26 or > 25 + MaxStakeholderBytes || !Enum.IsDefined((AcknowledgementPurpose)payload[0]) || mac.Length != 32)
        {
            reason = "the link is not a dnscert acknowledgement link";
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, payload)))
        {
            reason = "the link's signature does not match (altered or from another instance)";
            return false;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(17, 8)), 0, 253402300799));
        if (_time.GetUtcNow() > expires)
        {
            reason = "the link has expired";
            return false;
        }

        var actual = (AcknowledgementPurpose)payload[0];
        if (purpose is { } expected && actual != expected)
        {
            reason = "the link was made for another purpose (an incident or campaign link of another kind)";
            return false;
        }

        claim = new AcknowledgementClaim(new Guid(payload.AsSpan(1, 16), bigEndian: true), Encoding.UTF8.GetString(payload.AsSpan(25)), expires) { Purpose = actual };
        reason = null;
        return true;
    }
}
