namespace Dnscert.Coordination.Routing;

/// <summary>One responsible organisation for a subject and why (<c>TLD registry for .test by suffix</c>).</summary>
public sealed record Route(string StakeholderId, string StakeholderName, string Reason);
