namespace Dnscert.Lab.Scenarios;

/// <summary>One version of a zone: a master file served by some of the scenario's servers.</summary>
public sealed class ZoneSpec
{
    public string? Name { get; set; }

    /// <summary>Master file, relative to the scenario folder.</summary>
    public string? File { get; set; }

    /// <summary>Names of the scenario servers that serve this version.</summary>
    public List<string>? Servers { get; set; }

    public SignSpec? Sign { get; set; }
}
