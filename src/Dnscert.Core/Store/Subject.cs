namespace Dnscert.Core.Store;

/// <summary>A kind plus a canonical value (a zone name in lower case without the final dot, an address, a URL).</summary>
public sealed record Subject(SubjectKind Kind, string Value)
{
    public override string ToString() => $"{Kind}:{Value}";
}
