using Dnscert.Core.Store;

namespace Dnscert.Web.Auth;

/// <summary>Role names as they appear in claims, and the authorization policies built on them.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    /// <summary>Any signed-in user (viewer, analyst, admin).</summary>
    public const string CanRead = "can-read";

    /// <summary>Analysts and admins: add zones, run checks, confirm baselines.</summary>
    public const string CanAct = "can-act";

    /// <summary>Admins: users and API tokens.</summary>
    public const string CanAdminister = "can-administer";

    public static string NameOf(UserRole role) => role switch
    {
        UserRole.Viewer => Viewer,
        UserRole.Analyst => Analyst,
        UserRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    public static UserRole Parse(string text) => text.ToLowerInvariant() switch
    {
        Viewer => UserRole.Viewer,
        Analyst => UserRole.Analyst,
        Admin => UserRole.Admin,
        _ => throw new ArgumentException($"unknown role '{text}': use viewer, analyst or admin", nameof(text)),
    };
}
