using Dnscert.Core.Store;

namespace Dnscert.Web.Auth;

/// <summary>
/// The TLP viewer of a request. The organisation is read from the store on every request (not from the sign-in
/// cookie), so moving a user to another organisation or deleting them takes effect at once. API tokens live in the
/// users table too, so a token acts with its own organisation.
/// </summary>
internal static class Viewers
{
    public static async Task<Viewer> OfAsync(HttpContext context, IDnscertStore store)
    {
        var name = context.User.Identity is { IsAuthenticated: true } identity ? identity.Name : null;
        if (string.IsNullOrEmpty(name))
        {
            return Viewer.Anonymous;
        }

        var user = await store.Users.GetAsync(name, context.RequestAborted);
        return user is null ? Viewer.Anonymous : Viewer.User(user.Name, user.Organisation);
    }
}
