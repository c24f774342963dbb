namespace Dnscert.Dns.Wire;

/// <summary>The single-bit header flags, at their positions in the 16-bit flags word.</summary>
[Flags]
#pragma warning disable CA1028 // Mirrors the 16-bit wire word.
public enum DnsHeaderBits : ushort
#pragma warning restore CA1028
{
    None = 0,
    CheckingDisabled = 0x0010,
    AuthenticData = 0x0020,

    /// <summary>The Z bit; must be zero, kept so checks can report a server that sets it.</summary>
    Reserved = 0x0040,
    RecursionAvailable = 0x0080,
    RecursionDesired = 0x0100,
    Truncated = 0x0200,
    Authoritative = 0x0400,
    Response = 0x8000,
}
