namespace Dnscert.Dns;

/// <summary>Record classes known by name; others print as <c>CLASSnnn</c>.</summary>
#pragma warning disable CA1028 // The wire field is 16 bits; the enum mirrors it.
public enum RRClass : ushort
#pragma warning restore CA1028
{
    IN = 1,
    CH = 3,
    HS = 4,
    NONE = 254,
    ANY = 255,
}
