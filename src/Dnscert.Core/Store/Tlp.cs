namespace Dnscert.Core.Store;

/// <summary>Traffic Light Protocol 2.0 marking carried by every observation (who may see it).</summary>
public enum Tlp
{
    Clear = 0,
    Green = 1,
    Amber = 2,
    AmberStrict = 3,
    Red = 4,
}
