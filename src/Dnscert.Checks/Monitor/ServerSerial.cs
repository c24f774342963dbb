namespace Dnscert.Checks.Monitor;

/// <summary>The SOA serial one name server address served in one run (<see cref="Server"/> is <c>name/address</c>).</summary>
public readonly record struct ServerSerial(string Server, long Serial);
