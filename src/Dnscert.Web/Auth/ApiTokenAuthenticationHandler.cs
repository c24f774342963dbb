using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dnscert.Web.Auth;

/// <summary>
/// <c>Authorization: Bearer dnscert_ID_SECRET</c> for the REST API. Hand-written because the only token scheme in the
/// shared framework is JWT bearer, whose tokens cannot be revoked by deleting a row.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiToken";

    private readonly UserAdmin _users;

    public ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserAdmin users)
        : base(options, logger, encoder) => _users = users;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        var role = await _users.ValidateTokenAsync(token, Context.RequestAborted);
        if (role is null)
        {
            return AuthenticateResult.Fail("invalid API token");
        }

        UserAdmin.TrySplitToken(token, out var id, out _);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, UserAdmin.TokenPrefix + id), new Claim(ClaimTypes.Role, Roles.NameOf(role.Value))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Authentication required", detail: "Send an API token: Authorization: Bearer dnscert_…").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(statusCode: 403, title: "Forbidden", detail: "The token's role does not allow this.").ExecuteAsync(Context);
}
