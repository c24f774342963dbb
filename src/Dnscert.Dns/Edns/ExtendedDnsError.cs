namespace Dnscert.Dns.Edns;

/// <summary>An Extended DNS Error (RFC 8914): INFO-CODE and the optional UTF-8 EXTRA-TEXT.</summary>
public readonly record struct ExtendedDnsError(ushort InfoCode, string ExtraText);
