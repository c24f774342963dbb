using System.CommandLine;
using System.Text;
using Dnscert.Core;
using Dnscert.Web.Auth;

namespace Dnscert.Cli;

/// <summary>
/// <c>dnscert user add|list|token</c>: logins of the dashboard and API tokens (docs/web.md). The first admin is
/// created here, since the dashboard itself needs a login.
/// </summary>
internal static class UserCommands
{
    public static Command Build(CliContext context)
    {
        var user = new Command("user", "Users of the dashboard (roles admin, analyst, viewer) and API tokens.");
        StoreAccess.AddTo(user);
        user.Add(BuildAdd(context));
        user.Add(BuildList(context));
        user.Add(BuildToken(context));
        return user;
    }

    private static Option<string> RoleOption(string defaultRole) =>
        new("--role") { Description = "admin, analyst or viewer.", DefaultValueFactory = _ => defaultRole };

    private static Command BuildAdd(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "User name (letters, digits, '.', '-', '_', '@')." };
        var role = RoleOption(Roles.Viewer);
        var org = OrgOption();
        var add = new Command("add", "Add a user or set its password and role. The password is read from standard input (first line), or from DNSCERT_PASSWORD.") { name, role, org };
        add.SetAction(async (parse, ct) =>
        {
            var parsedRole = ParseRole(parse.GetValue(role)!);
            var password = Environment.GetEnvironmentVariable("DNSCERT_PASSWORD") is { Length: > 0 } fromEnv ? fromEnv : await ReadPasswordAsync(context).ConfigureAwait(false);
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            await new UserAdmin(store).AddAsync(parse.GetValue(name)!, password, parsedRole, parse.GetValue(org), ct).ConfigureAwait(false);
            var of = parse.GetValue(org) is { } o ? $" of organisation {o}" : "";
            await context.Output.WriteLineAsync($"User {parse.GetValue(name)}{of} saved with role {Roles.NameOf(parsedRole)} ({store.Description}).").ConfigureAwait(false);
            return 0;
        });
        return add;
    }

    private static Command BuildList(CliContext context)
    {
        var list = new Command("list", "List the users and their roles.");
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            foreach (var u in await new UserAdmin(store).ListUsersAsync(ct).ConfigureAwait(false))
            {
                await context.Output.WriteLineAsync($"{u.Name}\t{Roles.NameOf(u.Role)}\t{u.Organisation ?? "-"}").ConfigureAwait(false);
            }

            return 0;
        });
        return list;
    }

    private static Command BuildToken(CliContext context)
    {
        var role = RoleOption(Roles.Viewer);
        var org = OrgOption();
        var token = new Command("token", "Create an API token with a role and print it once (only its hash is stored).") { role, org };
        token.SetAction(async (parse, ct) =>
        {
            var parsedRole = ParseRole(parse.GetValue(role)!);
            await using var store = await StoreAccess.OpenAsync(parse, context, ct).ConfigureAwait(false);
            var created = await new UserAdmin(store).CreateTokenAsync(parsedRole, parse.GetValue(org), ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync(created.Token).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"API token {created.Id} with role {Roles.NameOf(parsedRole)}: send it as 'Authorization: Bearer TOKEN'; it is not shown again.").ConfigureAwait(false);
            return 0;
        });
        return token;
    }

    private static Option<string?> OrgOption() =>
        new("--org") { Description = "Stakeholder id of the user's organisation (TLP:AMBER visibility follows it); omit for the instance's own team." };

    private static Core.Store.UserRole ParseRole(string text)
    {
        try
        {
            return Roles.Parse(text);
        }
        catch (ArgumentException ex)
        {
            throw new DnscertException(ex.Message, ex);
        }
    }

    private static async Task<string> ReadPasswordAsync(CliContext context)
    {
        if (Console.IsInputRedirected)
        {
            return (await Console.In.ReadLineAsync().ConfigureAwait(false)) ?? "";
        }

        await context.Error.WriteAsync("Password: ").ConfigureAwait(false);
        var sb = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                sb.Length = Math.Max(0, sb.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                sb.Append(key.KeyChar);
            }
        }

        await context.Error.WriteLineAsync().ConfigureAwait(false);
        return sb.ToString();
    }
}
