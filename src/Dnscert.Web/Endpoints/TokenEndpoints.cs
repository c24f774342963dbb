using Dnscert.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Dnscert.Web.Endpoints;

/// <summary>/api/v1/tokens and /api/v1/users: admins create API tokens and list users.</summary>
public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Administration").RequireAuthorization(Roles.CanAdminister);
        group.MapPost("/tokens", CreateAsync).WithName("CreateToken").WithSummary("Creates an API token with a role (viewer, analyst, admin); the token is shown only in this answer.");
        group.MapGet("/users", async (UserAdmin users, CancellationToken ct) =>
                TypedResults.Ok((await users.ListUsersAsync(ct)).Select(u => new UserDto(u.Name, Roles.NameOf(u.Role))).ToList()))
            .WithName("ListUsers").WithSummary("Users of the dashboard and their roles.");
        return api;
    }

    private static async Task<Results<Ok<TokenDto>, ProblemHttpResult>> CreateAsync(UserAdmin users, HttpContext context, ILoggerFactory loggers, CreateTokenRequest request, CancellationToken ct)
    {
        Dnscert.Core.Store.UserRole role;
        try
        {
            role = Roles.Parse(request.Role ?? Roles.Viewer);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid role", detail: ex.Message);
        }

        var token = await users.CreateTokenAsync(role, ct);
        var logger = loggers.CreateLogger("Dnscert.Web.Api");
        var who = context.User.Identity?.Name ?? "";
        var roleName = Roles.NameOf(role);
        Log.TokenCreated(logger, who, token.Id, roleName);
        return TypedResults.Ok(new TokenDto(token.Id, token.Token, Roles.NameOf(role)));
    }
}
