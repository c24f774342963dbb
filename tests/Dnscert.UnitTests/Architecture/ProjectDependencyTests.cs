using System.Reflection;

namespace Dnscert.UnitTests.Architecture;

/// <summary>Enforces the dependency rules of ARCHITECTURE.md on the built assemblies.</summary>
public sealed class ProjectDependencyTests
{
    // Which dnscert assemblies each may reference. A new project gets a line here when it arrives.
    private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
    {
        ["Dnscert.Core"] = [],
        ["Dnscert.Dns"] = ["Dnscert.Core"],
        ["Dnscert.Checks"] = ["Dnscert.Core", "Dnscert.Dns"],
        ["Dnscert.Traffic"] = ["Dnscert.Core", "Dnscert.Dns"],
        ["Dnscert.Feeds"] = ["Dnscert.Core"],
        ["Dnscert.Coordination"] = ["Dnscert.Core"],
        ["Dnscert.Exchange"] = ["Dnscert.Core"],
        ["Dnscert.Reports"] = ["Dnscert.Core"],
        ["Dnscert.Store"] = ["Dnscert.Core"],
        ["Dnscert.Lab"] = ["Dnscert.Core", "Dnscert.Dns"],
        ["Dnscert.Web"] = ["*"],
        ["dnscert"] = ["*"],
        ["dnscert-traffic"] = ["Dnscert.Core", "Dnscert.Dns", "Dnscert.Traffic"],
    };

    public static TheoryData<string> Assemblies()
    {
        var data = new TheoryData<string>();
        foreach (var file in DnscertAssemblyFiles())
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Fact]
    public void The_core_projects_are_built_next_to_the_tests()
    {
        var names = DnscertAssemblyFiles().Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Contains("Dnscert.Core", names);
        Assert.Contains("Dnscert.Dns", names);
        Assert.Contains("Dnscert.Lab", names);
        Assert.Contains("Dnscert.Checks", names);
        Assert.Contains("Dnscert.Store", names);
        Assert.Contains("dnscert", names);
        Assert.Contains("dnscert-traffic", names);
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Each_project_references_only_what_the_architecture_allows(string assembly)
    {
        Assert.True(s_allowed.TryGetValue(assembly, out var allowed), $"{assembly} has no rule in the architecture test; add one.");
        var references = Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"))
            .GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(n => n.StartsWith("Dnscert.", StringComparison.Ordinal) || n is "dnscert" or "dnscert-traffic")
            .ToList();
        if (allowed.Contains("*"))
        {
            Assert.DoesNotContain("Dnscert.Cluster", references);
            return;
        }

        Assert.All(references, r => Assert.True(allowed.Contains(r), $"{assembly} must not reference {r}"));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_project_outside_the_cluster_sees_Orleans(string assembly)
    {
        var references = Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, assembly + ".dll")).GetReferencedAssemblies();
        Assert.DoesNotContain(references, r => r.Name!.StartsWith("Orleans", StringComparison.Ordinal) || r.Name!.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
    }

    private static IEnumerable<string> DnscertAssemblyFiles() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("Dnscert.", StringComparison.Ordinal) || n is "dnscert.dll" or "dnscert-traffic.dll"))
            .Where(f => !Path.GetFileName(f).Contains("Tests", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
