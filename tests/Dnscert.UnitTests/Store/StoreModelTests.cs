using System.Text;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Store.Migrations;
using Dnscert.Store.Sql;

namespace Dnscert.UnitTests.Store;

public sealed class StoreModelTests
{
    [Fact]
    public void Evidence_is_addressed_by_the_SHA_256_of_its_bytes()
    {
        var blob = EvidenceBlob.Create("text/plain", Encoding.ASCII.GetBytes("abc"));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", blob.Sha256);
        Assert.Equal(blob, EvidenceBlob.Create("text/plain", Encoding.ASCII.GetBytes("abc")));
        Assert.NotEqual(blob, EvidenceBlob.Create("text/plain", Encoding.ASCII.GetBytes("abd")));
    }

    [Fact]
    public void Severity_counts_count_each_level()
    {
        var counts = SeverityCounts.Count([Severity.Info, Severity.Info, Severity.Error, Severity.Critical]);
        Assert.Equal(new SeverityCounts(0, 2, 0, 0, 1, 1), counts);
        Assert.Equal(4, counts.Total);
        Assert.Equal(2, counts[Severity.Info]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Both_backends_have_the_same_numbered_migrations(string folder)
    {
        var migrations = Migrator.Load(folder);
        Assert.Equal(Migrator.Load("sqlite").Select(m => (m.Version, m.Name)), migrations.Select(m => (m.Version, m.Name)));
        Assert.Equal(1, migrations[0].Version);
        Assert.Equal("initial", migrations[0].Name);
        Assert.Contains("CREATE TABLE observations", migrations[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_enum_value_has_a_database_word_that_reads_back()
    {
        foreach (var kind in Enum.GetValues<SubjectKind>())
        {
            Assert.Equal(kind, Codes.SubjectKindOf(Codes.Of(kind)));
        }

        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            Assert.Equal(tlp, Codes.TlpOf(Codes.Of(tlp)));
        }

        foreach (var role in Enum.GetValues<UserRole>())
        {
            Assert.Equal(role, Codes.RoleOf(Codes.Of(role)));
        }

        foreach (var state in Enum.GetValues<ObservationState>())
        {
            Assert.Equal(state, Codes.StateOf(Codes.Of(state)));
        }

        Assert.Equal("amber+strict", Codes.Of(Tlp.AmberStrict));
        Assert.Throws<InvalidDataException>(() => Codes.TlpOf("AMBER"));
    }

    [Fact]
    public void Lists_are_stored_as_JSON_arrays()
    {
        Assert.StartsWith("""["ns1.example.",""", Codes.List(["ns1.example.", "a \"quoted\" one"]), StringComparison.Ordinal);
        Assert.Equal(["ns1.example.", "a \"quoted\" one"], Codes.ListOf(Codes.List(["ns1.example.", "a \"quoted\" one"])));
        Assert.Equal(["x", "y"], Codes.ListOf("""["x","y"]"""));
        Assert.Empty(Codes.ListOf("[]"));
    }
}
