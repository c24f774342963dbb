namespace Dnscert.Dns.Zone;

/// <summary>
/// One token of a record: where its text sits in <see cref="ZoneLexer.Text"/> (for a quoted string, the
/// content between the quotes, which sit at <c>Start - 1</c> and <c>Start + Length</c>) and where it was written.
/// </summary>
internal readonly record struct ZoneToken(int Start, int Length, bool Quoted, int Line, int Column)
{
    /// <summary>The start of the token including its opening quote.</summary>
    public int OuterStart => Quoted ? Start - 1 : Start;

    /// <summary>The end of the token including its closing quote.</summary>
    public int OuterEnd => Quoted ? Start + Length + 1 : Start + Length;
}
