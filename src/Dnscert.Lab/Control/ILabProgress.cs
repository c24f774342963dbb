namespace Dnscert.Lab.Control;

/// <summary>Where long lab work reports what it is doing: phases, and steps of a counted phase.</summary>
public interface ILabProgress
{
    void Phase(string message);

    void Advance(int done, int total, string item);
}
