using Dnscert.Dns.Zone;
using static Dnscert.UnitTests.Dns.Zone.ZoneTestText;

namespace Dnscert.UnitTests.Dns.Zone;

/// <summary>$INCLUDE: off by default, confined to one directory, bounded in depth, origin restored afterwards.</summary>
public sealed class ZoneIncludeTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dnscert-zone-include-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Include_reads_a_file_below_the_include_directory_and_restores_the_parent_s_origin()
    {
        Directory.CreateDirectory(Path.Combine(_directory.FullName, "parts"));
        File.WriteAllText(Path.Combine(_directory.FullName, "parts", "hosts.zone"), "a A 192.0.2.1\n$ORIGIN inner.example.\nb A 192.0.2.2\n");
        var lines = Lines("$TTL 60\nwww A 192.0.2.9\n$INCLUDE parts/hosts.zone sub\n A 192.0.2.10\nc A 192.0.2.3\n", Options(includeDirectory: _directory.FullName));
        Assert.Equal(
            ["www.example. 60 IN A 192.0.2.9", "a.sub.example. 60 IN A 192.0.2.1", "b.inner.example. 60 IN A 192.0.2.2", "www.example. 60 IN A 192.0.2.10", "c.example. 60 IN A 192.0.2.3"],
            lines);
    }

    [Fact]
    public void Errors_in_an_included_file_name_that_file_and_its_line()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "bad.zone"), "\n\nx A 300.0.0.1\n");
        var error = Error("$TTL 1\n$INCLUDE \"bad.zone\"\n", Options(includeDirectory: _directory.FullName));
        Assert.Equal(("bad.zone", 3, 5), (error.FileName, error.Line, error.Column));
    }

    [Fact]
    public void Include_is_refused_unless_the_caller_names_a_directory()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "a.zone"), "a 1 A 192.0.2.1\n");
        var error = Error("$INCLUDE " + Path.Combine(_directory.FullName, "a.zone"));
        Assert.StartsWith("$INCLUDE is not allowed", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.zone")]
    [InlineData("/etc/hostname")]
    [InlineData("parts/../../outside.zone")]
    [InlineData(".")]
    public void Include_cannot_leave_the_include_directory(string file)
    {
        var inner = Directory.CreateDirectory(Path.Combine(_directory.FullName, "inner"));
        Directory.CreateDirectory(Path.Combine(inner.FullName, "parts"));
        File.WriteAllText(Path.Combine(_directory.FullName, "outside.zone"), "a 1 A 192.0.2.1\n");
        var error = Error($"$INCLUDE {file}", Options(includeDirectory: inner.FullName));
        Assert.Equal($"$INCLUDE file '{file}' is outside the include directory", error.Reason);
    }

    [Fact]
    public void Include_does_not_follow_symbolic_links()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "real.zone"), "a 1 A 192.0.2.1\n");
        var inner = Directory.CreateDirectory(Path.Combine(_directory.FullName, "inner"));
        File.CreateSymbolicLink(Path.Combine(inner.FullName, "link.zone"), Path.Combine(_directory.FullName, "real.zone"));
        Directory.CreateSymbolicLink(Path.Combine(inner.FullName, "dir"), _directory.FullName);
        Assert.Equal("$INCLUDE file 'link.zone' goes through the symbolic link 'link.zone', which is not followed", Error("$INCLUDE link.zone", Options(includeDirectory: inner.FullName)).Reason);
        Assert.Equal("$INCLUDE file 'dir/real.zone' goes through the symbolic link 'dir', which is not followed", Error("$INCLUDE dir/real.zone", Options(includeDirectory: inner.FullName)).Reason);
    }

    [Fact]
    public void A_file_that_includes_itself_stops_at_the_depth_limit()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "loop.zone"), "$INCLUDE loop.zone\n");
        var options = Options(includeDirectory: _directory.FullName, limits: ZoneParseLimits.Default with { MaxIncludeDepth = 3 });
        var error = Error("$INCLUDE loop.zone\n", options);
        Assert.Equal(("loop.zone", "$INCLUDE is nested more than 3 deep (ZoneParseLimits.MaxIncludeDepth)"), (error.FileName, error.Reason));
    }

    [Fact]
    public void A_missing_include_file_is_an_error_on_the_directive_s_line()
    {
        var error = Error("$TTL 1\n$INCLUDE missing.zone\n", Options(includeDirectory: _directory.FullName));
        Assert.Equal(2, error.Line);
        Assert.Contains("does not exist", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Zone_files_are_loaded_from_a_path()
    {
        var path = Path.Combine(_directory.FullName, "example.zone");
        File.WriteAllText(path, "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n");
        var zone = ZoneFile.Load(path, Options());
        Assert.Equal(3, zone.Records.Count);
        Assert.Equal(1u, zone.SoaData.Serial);
    }

    [Fact]
    public void Errors_in_a_file_opened_by_path_name_the_path_unless_the_caller_names_it()
    {
        var path = Path.Combine(_directory.FullName, "broken.zone");
        File.WriteAllText(path, "$TTL 1\n@ SOA ns hm 1 2 3 4 5\nwww A 1.2.3\n");
        var options = Options() with { FileName = null };
        var error = Assert.Throws<ZoneFileException>(() => ZoneFile.Load(path, options));
        Assert.StartsWith($"{path}, line 3, column 7: bad A data", error.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ZoneFileException>(() => ZoneFile.Load(Path.Combine(_directory.FullName, "none.zone"), options));
        Assert.Contains("does not exist", missing.Reason, StringComparison.Ordinal);
        using var stream = new MemoryStream("$TTL 1\n@ NS ns\n"u8.ToArray());
        Assert.Equal("zone: the zone 'example.' has no SOA record", Assert.Throws<ZoneFileException>(() => ZoneFile.Load(stream, options)).Message);
    }
}
