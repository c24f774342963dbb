namespace Dnscert.Core.Store;

/// <summary>
/// A login of the web interface. <paramref name="PasswordHash"/> is an encoded hash (algorithm, parameters, salt, hash), never a password.
/// <paramref name="Organisation"/> is the stakeholder id the user belongs to, null for the instance's own team; it decides TLP:AMBER visibility.
/// </summary>
public sealed record StoreUser(string Name, string PasswordHash, UserRole Role, string? Organisation = null);
