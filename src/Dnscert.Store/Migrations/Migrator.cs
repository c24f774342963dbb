using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dnscert.Core.Store;
using Dnscert.Store.Sql;

namespace Dnscert.Store.Migrations;

/// <summary>
/// Brings a database to the newest schema at open: every migration the database lacks, in order, in one
/// transaction with the <c>schema_version</c> rows that record them, so a failure leaves the database as it was. A
/// database newer than this code is refused: old code would misread it.
/// </summary>
internal static partial class Migrator
{
    public const string VersionTable = "schema_version";

    public static IReadOnlyList<Migration> Load(string folder)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"Migrations/{folder}/";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..];
            var match = FileName().Match(file);
            if (!match.Success)
            {
                throw new InvalidOperationException($"migration {resource} is not named NNNN_name.sql");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        // Numbers are unique and start at 1; a gap is allowed because branches developed side by side take their
        // numbers ahead of merging (a branch may hold 0008 before 0004–0007 land), and each is applied when missing.
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version < 1 || (i > 0 && migrations[i].Version == migrations[i - 1].Version))
            {
                throw new InvalidOperationException($"migrations of {folder} must have unique numbers from 1; found {migrations[i].Version} at position {i + 1}");
            }
        }

        return migrations;
    }

    /// <summary>Applies what is missing and returns the versions applied (empty when the database was up to date).</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(StoreDialect dialect, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var migrations = Load(dialect.MigrationFolder);
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        await using var connection = await dialect.OpenWriterAsync(cancellationToken);
        await dialect.BeforeMigrationsAsync(connection, cancellationToken);
        await using var transaction = await dialect.BeginAsync(connection, cancellationToken);
        await dialect.LockForMigrationAsync(connection, transaction, cancellationToken);

        // No DDL when the database is up to date, so a role that may only read and write rows can open it.
        var current = 0;
        var done = new HashSet<int>();
        if (await ScalarAsync(connection, transaction, dialect.VersionTableExistsSql(VersionTable), cancellationToken) == 0)
        {
            await ExecuteAsync(connection, transaction, $"CREATE TABLE {VersionTable} (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", cancellationToken);
        }
        else
        {
            current = await ScalarAsync(connection, transaction, $"SELECT COALESCE(MAX(version), 0) FROM {VersionTable}", cancellationToken);
            await using var versions = connection.CreateCommand();
            versions.Transaction = transaction;
            versions.CommandText = $"SELECT version FROM {VersionTable}";
            await using var reader = await versions.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                done.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        if (current > latest)
        {
            throw new StoreException(
                dialect.Description,
                "open",
                $"the database has schema version {current}, but this dnscert knows versions up to {latest}; use the dnscert that wrote it or a newer one",
                transient: false,
                attempts: 1,
                innerException: null);
        }

        var applied = new List<int>();
        foreach (var migration in migrations.Where(m => !done.Contains(m.Version)))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = $"INSERT INTO {VersionTable} (version, name, applied_at) VALUES (@version, @name, @applied)";
            record.With("@version", migration.Version)
                .With("@name", migration.Name)
                .With("@applied", timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken);
            applied.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    private static async Task<int> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
