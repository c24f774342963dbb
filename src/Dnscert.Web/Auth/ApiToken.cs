using Dnscert.Core.Store;

namespace Dnscert.Web.Auth;

/// <summary>A new API token: <paramref name="Token"/> is shown once and never stored.</summary>
public sealed record ApiToken(string Id, string Token, UserRole Role);
