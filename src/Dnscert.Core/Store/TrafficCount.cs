namespace Dnscert.Core.Store;

/// <summary>How many messages carried one code (a QTYPE or an RCODE), with its mnemonic for display.</summary>
public sealed record TrafficCount(int Code, string Name, long Count);
