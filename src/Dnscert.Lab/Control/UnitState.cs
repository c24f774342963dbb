namespace Dnscert.Lab.Control;

/// <summary>One process the lab started.</summary>
public sealed class UnitState
{
    public string Id { get; set; } = "";

    public string Software { get; set; } = "";

    public int Pid { get; set; }

    /// <summary>Hash of the configuration and zone files the process was started with.</summary>
    public string Fingerprint { get; set; } = "";

    public List<string> Addresses { get; set; } = [];

    /// <summary>Where the process itself listens (behind a proxy this differs from the public address).</summary>
    public List<string> ListenAddresses { get; set; } = [];

    public string LogFile { get; set; } = "";
}
