using Dnscert.Dns.Records;

namespace Dnscert.Dns.Dnssec;

/// <summary>Base32 with the extended hex alphabet and no padding (RFC 4648 §7), as NSEC3 owner labels use it (RFC 5155 §3.3).</summary>
public static class Base32Hex
{
    public static string Encode(ReadOnlySpan<byte> data) => PresentationText.Base32Hex(data).ToLowerInvariant();

    /// <summary>Decodes case-insensitively; false on a character outside 0-9/A-V or on non-zero trailing bits.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> text, out byte[] data)
    {
        data = new byte[text.Length * 5 / 8];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var c in text)
        {
            int value = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'v' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'V' => c - 'A' + 10,
                _ => -1,
            };
            if (value < 0)
            {
                return false;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                data[index++] = (byte)(buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }

        return buffer == 0 && index == data.Length;
    }
}
