using Dnscert.Store;

namespace Dnscert.UnitTests.Store;

public sealed class StoreOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new StoreOptions().Check());
    }

    [Fact]
    public void Each_bad_setting_is_named_in_a_sentence()
    {
        var problems = new StoreOptions
        {
            PostgreSql = " ",
            QueueCapacity = 0,
            MaxAttempts = 0,
            LockTimeout = TimeSpan.Zero,
            RetryInitialDelay = TimeSpan.FromSeconds(10),
            RetryMaxDelay = TimeSpan.FromSeconds(1),
            SqliteMaxSize = -1,
            SqliteWriterCacheMiB = 0,
        }.Check();

        Assert.Contains(problems, p => p.StartsWith("Dnscert:Store:PostgreSql is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Dnscert:Store:QueueCapacity must be at least 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Dnscert:Store:MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Dnscert:Store:LockTimeout must be a positive duration", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Dnscert:Store:RetryMaxDelay", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Dnscert:Store:SqliteMaxSize", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Dnscert:Store:SqliteWriterCacheMiB", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.EndsWith(".", p, StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_data_directory_is_under_var_lib_for_root_and_the_home_otherwise()
    {
        var directory = StoreOptions.DefaultDataDirectory();
        if (Environment.UserName == "root")
        {
            Assert.Equal("/var/lib/dnscert", directory);
        }
        else
        {
            Assert.EndsWith("dnscert", directory, StringComparison.Ordinal);
        }
    }
}
