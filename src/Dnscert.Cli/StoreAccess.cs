using System.CommandLine;
using Dnscert.Core;
using Dnscert.Store;

namespace Dnscert.Cli;

/// <summary>Opens the store for commands that use it: <c>--data DIR</c> (SQLite) or <c>--postgres CONN</c>, else <c>Dnscert:Store</c> of --config.</summary>
internal static class StoreAccess
{
    public static readonly Option<string?> Data = new("--data") { Recursive = true, Description = "Data directory of the SQLite store (default: Dnscert:Store:DataDirectory, else ~/.local/share/dnscert)." };

    public static readonly Option<string?> Postgres = new("--postgres") { Recursive = true, Description = "Use PostgreSQL with this connection string instead of SQLite." };

    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(Data);
        command.Add(Postgres);
    }

    public static StoreOptions Options(ParseResult parse, string? defaultDataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var options = CliConfiguration.Bind<StoreOptions>(CliConfiguration.Load(parse.GetValue(GlobalOptions.Config)), StoreOptions.Section, o => o.Check());
        if (parse.GetValue(Data) is { } data)
        {
            options.DataDirectory = data;
        }
        else if (options.DataDirectory is null && defaultDataDirectory is not null)
        {
            options.DataDirectory = defaultDataDirectory;
        }

        if (parse.GetValue(Postgres) is { } connection)
        {
            options.PostgreSql = connection;
        }

        return options.Check() is { Count: > 0 } problems ? throw new DnscertException(string.Join(" ", problems)) : options;
    }

    /// <param name="parse">The command line.</param>
    /// <param name="context">The CLI's context.</param>
    /// <param name="ct">Stops the opening.</param>
    /// <param name="defaultDataDirectory">The data directory when neither --data nor the configuration names one.</param>
    /// <param name="bulk">A bulk import (feed ingestion): the SQLite writer gets the bigger page cache unless configured.</param>
    public static async Task<DnscertStore> OpenAsync(ParseResult parse, CliContext context, CancellationToken ct, string? defaultDataDirectory = null, bool bulk = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = Options(parse, defaultDataDirectory);
        if (bulk && options.SqliteWriterCacheMiB == StoreOptions.DefaultSqliteWriterCacheMiB)
        {
            options.SqliteWriterCacheMiB = StoreOptions.BulkSqliteWriterCacheMiB;
        }

        return await StoreFactory.OpenAsync(options, context.Time, cancellationToken: ct).ConfigureAwait(false);
    }
}
