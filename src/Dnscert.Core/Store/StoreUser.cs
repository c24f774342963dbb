namespace Dnscert.Core.Store;

/// <summary>A login of the web interface. <paramref name="PasswordHash"/> is an encoded hash (algorithm, parameters, salt, hash), never a password.</summary>
public sealed record StoreUser(string Name, string PasswordHash, UserRole Role);
