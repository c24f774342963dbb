namespace Dnscert.Checks.Monitor;

/// <summary>
/// A server that has served the same, older serial since <see cref="Since"/> while the zone's other servers moved on
/// to <see cref="LeaderSerial"/>: a secondary that stopped following its primary.
/// </summary>
public sealed record StaleSerial(string Server, long Serial, long LeaderSerial, DateTimeOffset Since);
