namespace Dnscert.Exchange;

/// <summary>The dnscert instance that signs what it exports: its name and a stable id (MISP Orgc uuid, STIX identity).</summary>
public sealed record ReportingOrganisation(Guid Id, string Name);
