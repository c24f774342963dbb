namespace Dnscert.Lab.Servers;

/// <summary>The files of one server process in its own folder: configuration, pid file and log.</summary>
public sealed record UnitFiles(string Directory, string Config, string Pid, string Log)
{
    public static UnitFiles In(string directory, string program) =>
        new(directory, Path.Combine(directory, program + ".conf"), Path.Combine(directory, program + ".pid"), Path.Combine(directory, program + ".log"));
}
