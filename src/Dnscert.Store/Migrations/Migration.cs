namespace Dnscert.Store.Migrations;

/// <summary>One numbered migration: <c>Migrations/&lt;backend&gt;/NNNN_name.sql</c>, embedded in the assembly.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
