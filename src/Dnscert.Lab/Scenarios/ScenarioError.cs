namespace Dnscert.Lab.Scenarios;

/// <summary>Why a scenario file was refused: the file, the field (JSON path) and what is wrong.</summary>
public sealed record ScenarioError(string File, string Field, string Problem)
{
    public override string ToString() => $"{File}: {Field}: {Problem}";
}
