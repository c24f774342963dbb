using System.Security.Cryptography;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Web.Auth;

/// <summary>
/// Users and API tokens, for the CLI (<c>dnscert user add NAME --role admin</c>, <c>dnscert user token NAME</c>)
/// and the admin endpoints. API tokens live in the users table under the reserved name prefix
/// <see cref="TokenPrefix"/> (a user name can never start with it), with the SHA-256 of their secret as hash.
/// </summary>
public sealed class UserAdmin
{
    /// <summary>Names in the users table that start with this are API tokens, not logins.</summary>
    public const string TokenPrefix = "token:";

    private const string TokenHashPrefix = "sha256$";

    private readonly IDnscertStore _store;

    public UserAdmin(IDnscertStore store) => _store = store;

    /// <summary>Adds a user, or sets the password and role of an existing one.</summary>
    public Task AddAsync(string name, string password, UserRole role, CancellationToken cancellationToken = default) =>
        AddAsync(name, password, role, null, cancellationToken);

    /// <summary>Adds a user of an organisation (a stakeholder id; null for the instance's own team), or updates an existing one.</summary>
    public async Task AddAsync(string name, string password, UserRole role, string? organisation, CancellationToken cancellationToken)
    {
        ValidateName(name);
        if (string.IsNullOrEmpty(password) || password.Length < 8)
        {
            throw new DnscertException($"the password of user {name} must have at least 8 characters");
        }

        if (organisation is not null && await _store.Stakeholders.GetAsync(organisation, cancellationToken) is null)
        {
            throw new DnscertException($"there is no organisation '{organisation}' in the stakeholder directory");
        }

        await _store.Users.SaveAsync(new StoreUser(name, PasswordHasher.Hash(password), role, organisation), cancellationToken);
    }

    /// <summary>The user when the name and password match, else null (the same answer for an unknown name and a wrong password).</summary>
    public async Task<StoreUser?> AuthenticateAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith(TokenPrefix, StringComparison.Ordinal) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        var user = await _store.Users.GetAsync(name, cancellationToken);
        if (user is null)
        {
            // Spend the same time as for a known user, so timing does not tell which names exist.
            PasswordHasher.Verify(password, s_dummyHash.Value);
            return null;
        }

        return PasswordHasher.Verify(password, user.PasswordHash) ? user : null;
    }

    /// <summary>Logins, without the API tokens.</summary>
    public async Task<IReadOnlyList<StoreUser>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        [.. (await _store.Users.ListAsync(cancellationToken)).Where(u => !u.Name.StartsWith(TokenPrefix, StringComparison.Ordinal))];

    /// <summary>
    /// Creates an API token with a role and returns it once: <c>dnscert_ID_SECRET</c>. Only the SHA-256 of the secret is
    /// stored (a 256-bit random secret needs no slow hash).
    /// </summary>
    public Task<ApiToken> CreateTokenAsync(UserRole role, CancellationToken cancellationToken = default) => CreateTokenAsync(role, null, cancellationToken);

    /// <summary>Creates an API token acting for an organisation (TLP:AMBER visibility follows it; null is the instance's own team).</summary>
    public async Task<ApiToken> CreateTokenAsync(UserRole role, string? organisation, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await _store.Users.SaveAsync(new StoreUser(TokenPrefix + id, TokenHashPrefix + HashSecret(secret), role, organisation), cancellationToken);
        return new ApiToken(id, $"dnscert_{id}_{secret}", role);
    }

    /// <summary>The role of a valid token, else null.</summary>
    public async Task<UserRole?> ValidateTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!TrySplitToken(token, out var id, out var secret))
        {
            return null;
        }

        var entry = await _store.Users.GetAsync(TokenPrefix + id, cancellationToken);
        if (entry is null || !entry.PasswordHash.StartsWith(TokenHashPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var expected = System.Text.Encoding.ASCII.GetBytes(entry.PasswordHash[TokenHashPrefix.Length..]);
        var actual = System.Text.Encoding.ASCII.GetBytes(HashSecret(secret));
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? entry.Role : null;
    }

    internal static bool TrySplitToken(string token, out string id, out string secret)
    {
        id = secret = "";
        var parts = token.Split('_');
        if (parts.Length != 3 || parts[0] != "dnscert" || parts[1].Length != 16 || parts[2].Length < 20 || !parts[1].All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        id = parts[1];
        secret = parts[2];
        return true;
    }

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || name.StartsWith(TokenPrefix, StringComparison.Ordinal)
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            throw new DnscertException($"'{name}' is not a valid user name: use 1 to 64 letters, digits, '.', '-', '_' or '@'");
        }
    }

    private static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    private static readonly Lazy<string> s_dummyHash = new(() => PasswordHasher.Hash("not a password of anyone"));
}
