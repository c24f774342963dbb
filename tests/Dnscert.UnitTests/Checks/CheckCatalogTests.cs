using System.Text.RegularExpressions;
using Dnscert.Checks;
using Dnscert.Core;

namespace Dnscert.UnitTests.Checks;

public sealed class CheckCatalogTests
{
    [Fact]
    public void Check_ids_are_unique_and_follow_MODULENN()
    {
        var ids = CheckCatalog.All.Select(c => c.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[A-Z]+[0-9]{2}$", id));
    }

    [Fact]
    public void Every_implementation_in_the_assembly_is_in_the_catalogue()
    {
        var types = typeof(ICheck).Assembly.GetTypes().Where(t => typeof(ICheck).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface).ToList();
        Assert.Equal(types.Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))).Select(t => t.Name),
            CheckCatalog.All.Select(c => c.GetType()).OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Name));
    }

    [Fact]
    public void Tag_names_are_UPPER_SNAKE_and_declared_once()
    {
        var tags = CheckCatalog.All.SelectMany(c => c.Tags).ToList();
        Assert.All(tags, t => Assert.Matches(new Regex("^[A-Z][A-Z0-9_]*[A-Z0-9]$"), t.Name));
        Assert.Equal(tags.Count, tags.Select(t => t.Name).Distinct().Count());
    }

    [Fact]
    public void Every_tag_at_warning_or_above_has_a_threat_type_and_every_info_tag_has_none()
    {
        foreach (var tag in CheckCatalog.All.SelectMany(c => c.Tags))
        {
            if (tag.Severity >= Severity.Warning)
            {
                Assert.True(tag.Threat is not null, $"{tag.Name} has no threat type");
            }
            else if (tag.Severity <= Severity.Info)
            {
                Assert.True(tag.Threat is null, $"{tag.Name} is informative but has threat type {tag.Threat}");
            }
        }
    }

    [Fact]
    public void Templates_name_their_arguments_in_lower_snake_case_and_format_them()
    {
        foreach (var tag in CheckCatalog.All.SelectMany(c => c.Tags))
        {
            var args = tag.ArgumentNames.ToDictionary(a => a, a => $"<{a}>");
            var text = tag.Format(args);
            Assert.DoesNotContain("{", text, StringComparison.Ordinal);
            Assert.All(tag.ArgumentNames, a => Assert.Contains($"<{a}>", text, StringComparison.Ordinal));
            Assert.EndsWith(".", tag.Template, StringComparison.Ordinal);
        }
    }
}
