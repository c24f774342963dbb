namespace Dnscert.Core.Store;

/// <summary>What a user of the web interface may do.</summary>
public enum UserRole
{
    Viewer = 0,
    Analyst = 1,
    Admin = 2,
}
