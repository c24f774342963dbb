using System.CommandLine;

namespace Dnscert.Cli;

/// <summary>Options every sub-command understands; declared once and marked recursive.</summary>
internal static class GlobalOptions
{
    public static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "Configuration file (JSON) with Dnscert:* sections.",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Print details, and the stack trace of an error.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write machine-readable JSON instead of text.",
        Recursive = true,
    };

    public static readonly Option<string> Lang = new("--lang")
    {
        Description = "Language of messages: en, fr or es.",
        Recursive = true,
        DefaultValueFactory = _ => "en",
    };

    static GlobalOptions()
    {
        Lang.AcceptOnlyFromAmong("en", "fr", "es");
    }

    public static void AddTo(Command root)
    {
        root.Add(Config);
        root.Add(Verbose);
        root.Add(Json);
        root.Add(Lang);
    }
}
