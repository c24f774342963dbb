using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Cli;

/// <summary>Values the command groups read the same way: a TLP option, and the user an <c>--as</c> option names.</summary>
internal static class CliValues
{
    public static Tlp Tlp(string text) =>
        TlpText.TryParse(text) ?? throw new DnscertException($"'{text}' is not a TLP marking: use clear, green, amber, amber+strict or red");

    /// <summary>The reader a command acts as: the named user (their organisation and TLP apply), or the instance itself.</summary>
    public static async Task<Viewer> ViewerAsync(string? userName, Dnscert.Store.DnscertStore store, CancellationToken ct)
    {
        if (userName is null)
        {
            return Viewer.System;
        }

        var user = await store.Users.GetAsync(userName, ct).ConfigureAwait(false) ?? throw new DnscertException($"there is no user '{userName}'");
        return Viewer.User(user.Name, user.Organisation);
    }
}
