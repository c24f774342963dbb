namespace Dnscert.Lab.Proxy;

/// <summary>A lab proxy configuration is invalid; <see cref="Field"/> names the offending field, e.g. "endpoints[0].faults[1].records[0]".</summary>
public sealed class ProxyConfigException : Exception
{
    public ProxyConfigException()
    {
        Field = string.Empty;
    }

    public ProxyConfigException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    public ProxyConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    public ProxyConfigException(string field, string message, Exception? innerException = null)
        : base($"{field}: {message}", innerException)
    {
        Field = field;
    }

    /// <summary>Path of the invalid field.</summary>
    public string Field { get; }
}
