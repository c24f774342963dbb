namespace Dnscert.Exchange;

/// <summary>One object of an imported document that was not taken: where it is (a JSON path) and why.</summary>
public sealed record ImportRejection(string Location, string Reason);
