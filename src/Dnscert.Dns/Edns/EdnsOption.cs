namespace Dnscert.Dns.Edns;

/// <summary>One EDNS option: code and raw data. Factories cover the options a prober sends.</summary>
public readonly record struct EdnsOption(EdnsOptionCode Code, ReadOnlyMemory<byte> Data)
{
    /// <summary>An empty NSID option, which asks the server for its identifier (RFC 5001).</summary>
    public static EdnsOption NsidRequest() => new(EdnsOptionCode.Nsid, ReadOnlyMemory<byte>.Empty);

    /// <summary>A COOKIE option (RFC 7873): 8-byte client cookie, optionally followed by an 8-32 byte server cookie.</summary>
    public static EdnsOption Cookie(ReadOnlySpan<byte> clientCookie, ReadOnlySpan<byte> serverCookie = default)
    {
        if (clientCookie.Length != 8)
        {
            throw new ArgumentException("A client cookie is exactly 8 bytes.", nameof(clientCookie));
        }

        if (!serverCookie.IsEmpty && serverCookie.Length is < 8 or > 32)
        {
            throw new ArgumentException("A server cookie is 8 to 32 bytes.", nameof(serverCookie));
        }

        var data = new byte[clientCookie.Length + serverCookie.Length];
        clientCookie.CopyTo(data);
        serverCookie.CopyTo(data.AsSpan(8));
        return new EdnsOption(EdnsOptionCode.Cookie, data);
    }

    /// <summary>Padding of <paramref name="length"/> zero bytes (RFC 7830).</summary>
    public static EdnsOption Padding(int length) => new(EdnsOptionCode.Padding, new byte[length]);
}
