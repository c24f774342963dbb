namespace Dnscert.Lab.Control;

/// <summary>Whether one lab process is alive and answers queries (null: not probed, e.g. the proxy).</summary>
public sealed record UnitStatus(string Id, string Software, int Pid, bool Alive, bool? Answering, IReadOnlyList<string> Addresses);
