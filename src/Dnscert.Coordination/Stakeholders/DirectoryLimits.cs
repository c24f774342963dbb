namespace Dnscert.Coordination.Stakeholders;

/// <summary>Bounds of a directory import, so a hostile file cannot exhaust memory or time.</summary>
public static class DirectoryLimits
{
    public const int MaxBytes = 4 * 1024 * 1024;
    public const int MaxStakeholders = 5000;
    public const int MaxListItems = 1000;
    public const int MaxText = 256;
    public const int MaxOpenPgpKey = 64 * 1024;
    public const int MaxJsonDepth = 16;
}
