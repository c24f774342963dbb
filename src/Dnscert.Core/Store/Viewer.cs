namespace Dnscert.Core.Store;

/// <summary>
/// Who is reading, for the TLP visibility filter. <see cref="UserName"/> null is an anonymous visitor;
/// <see cref="Organisation"/> null on a signed-in user means the instance's own team (the CERT that runs it).
/// <see cref="IsSystem"/> is the instance itself (monitor, correlator, notifier of the sending side) and is never
/// built from a web request.
/// </summary>
public sealed record Viewer(string? UserName, string? Organisation, bool IsSystem = false)
{
    /// <summary>The instance's own processes: no TLP restriction.</summary>
    public static Viewer System { get; } = new(null, null, IsSystem: true);

    /// <summary>Someone not signed in: TLP:CLEAR only.</summary>
    public static Viewer Anonymous { get; } = new(null, null);

    public static Viewer User(string name, string? organisation) => new(name, organisation);
}
