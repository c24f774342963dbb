namespace Dnscert.Dns.Zone;

/// <summary>
/// One file being read, and what its parent's state was when it was included: RFC 1035 §5.1 says an
/// included file does not change the parent's origin, and we restore the parent's owner too.
/// </summary>
internal sealed class ZoneSource(ZoneLexer lexer, DomainName savedOrigin, DomainName? savedOwner)
{
    public ZoneLexer Lexer { get; } = lexer;

    public DomainName SavedOrigin { get; } = savedOrigin;

    public DomainName? SavedOwner { get; } = savedOwner;
}
