using Microsoft.Extensions.Hosting;

namespace Dnscert.Web;

/// <summary>
/// The web host runs inside the <c>dnscert</c> command, which owns Ctrl+C and SIGTERM (System.CommandLine cancels the
/// command's token, the command stops the monitor and then the web host). ASP.NET Core's default console lifetime
/// would catch the same signals and keep the process from ending, so this lifetime does nothing.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
