namespace Dnscert.Coordination.Stakeholders;

/// <summary>A way to reach an organisation: a role or person, an e-mail address and optionally an ASCII-armoured OpenPGP public key.</summary>
public sealed record Contact(string Name, string Email, string? OpenPgpKey = null);
