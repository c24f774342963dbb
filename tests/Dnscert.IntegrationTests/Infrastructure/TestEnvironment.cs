namespace Dnscert.IntegrationTests.Infrastructure;

/// <summary>
/// Where the tests run and what they may assume. A missing prerequisite (a name server binary, root)
/// skips a test on a laptop and fails it on CI (CI=true), so CI can never pass by skipping.
/// </summary>
public static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ScenarioRoot => Path.Combine(RepositoryRoot, "lab", "scenarios");

    /// <summary>The dnscert program built next to the tests.</summary>
    public static string DnscertProgram => Path.Combine(AppContext.BaseDirectory, "dnscert");

    public static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/usr/sbin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Skips (laptop) or fails (CI) unless every tool is installed.</summary>
    public static void RequireTools(params string[] tools)
    {
        var missing = tools.Where(t => FindTool(t) is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var message = $"missing tools: {string.Join(", ", missing)} (apt-get install nsd knot knot-dnsutils bind9 bind9-utils bind9-dnsutils)";
        if (IsCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }

    /// <summary>
    /// The PostgreSQL server of the store tests: DNSCERT_TEST_PG, or the cluster scripts/prerequisites.sh starts on
    /// 127.0.0.1:54329.
    /// </summary>
    public static string PostgreSqlConnectionString =>
        Environment.GetEnvironmentVariable("DNSCERT_TEST_PG") is { Length: > 0 } value
            ? value
            : "Host=127.0.0.1;Port=54329;Username=postgres;Password=postgres;Database=postgres";

    /// <summary>Skips (laptop) or fails (CI) unless the PostgreSQL server of the store tests answers.</summary>
    public static async Task RequirePostgreSqlAsync()
    {
        var problem = await s_postgreSqlProblem.Value;
        if (problem is null)
        {
            return;
        }

        var message = $"PostgreSQL is not reachable ({problem}); run scripts/prerequisites.sh as root or set DNSCERT_TEST_PG";
        if (IsCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }

    private static readonly Lazy<Task<string?>> s_postgreSqlProblem = new(async () =>
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgreSqlConnectionString) { Timeout = 5 };
            await using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            return null;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or ArgumentException or TimeoutException)
        {
            return e.Message;
        }
    });

    public static void RequireRoot()
    {
        if (Environment.UserName == "root")
        {
            return;
        }

        const string message = "the lab binds port 53 and needs root";
        if (IsCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "dnscert.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no dnscert.slnx above {AppContext.BaseDirectory}");
    }
}
