using System.Text.Json;
using Dnscert.Checks;
using Dnscert.Checks.Delegation;
using Dnscert.Checks.Messages;

namespace Dnscert.UnitTests.Checks.Messages;

/// <summary>
/// The French and Spanish files (src/Dnscert.Checks/Messages/Texts/&lt;lang&gt;.json) against the English
/// declarations: every tag of the catalogue translated, the same placeholders, advice where English has advice.
/// </summary>
public sealed class MessageTextsTests
{
    public static TheoryData<string> Languages => ["fr", "es"];

    private static IEnumerable<MessageTag> CatalogueTags => CheckCatalog.TagsByName.Values.OrderBy(t => t.Name, StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_tag_of_the_catalogue_has_a_translated_text(string language)
    {
        var texts = MessageTexts.For(language);
        var missing = CatalogueTags.Where(t => string.IsNullOrWhiteSpace(texts.Template(t.Name).Text)).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0,
            $"Messages/Texts/{language}.json lacks {missing.Count} tag(s) of CheckCatalog.All: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_translation_uses_exactly_the_placeholders_of_the_English_template_and_advice(string language)
    {
        var texts = MessageTexts.For(language);
        var wrong = new List<string>();
        foreach (var tag in CatalogueTags.Where(t => texts.Translates(t.Name)))
        {
            var (text, advice) = texts.Template(tag.Name);
            Compare(tag.Name, "text", tag.Template, text);
            if (advice is not null)
            {
                Compare(tag.Name, "advice", tag.Advice, advice);
            }
        }

        Assert.True(wrong.Count == 0, $"{language}.json: {string.Join("; ", wrong)}");

        void Compare(string name, string part, string? english, string? translated)
        {
            var expected = MessageTag.PlaceholdersOf(english);
            var actual = MessageTag.PlaceholdersOf(translated);
            if (!expected.SetEquals(actual))
            {
                wrong.Add($"{name} {part} has {{{string.Join(",", actual.Order(StringComparer.Ordinal))}}}, English has {{{string.Join(",", expected.Order(StringComparer.Ordinal))}}}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_translation_has_advice_exactly_where_the_English_tag_has_advice(string language)
    {
        var texts = MessageTexts.For(language);
        var wrong = CatalogueTags
            .Where(t => texts.Translates(t.Name) && (t.Advice is null) != (texts.Template(t.Name).Advice is null))
            .Select(t => t.Advice is null ? $"{t.Name} (advice that English lacks)" : $"{t.Name} (advice missing)")
            .ToList();
        Assert.True(wrong.Count == 0, $"{language}.json: {string.Join(", ", wrong)}");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_translated_text_ends_with_a_full_stop_where_the_English_one_does(string language)
    {
        var texts = MessageTexts.For(language);
        var wrong = CatalogueTags.Select(t => (t.Name, English: t.Template, texts.Template(t.Name).Text))
            .Where(t => t.Text is not null && t.Text.EndsWith('.') != t.English.EndsWith('.'))
            .Select(t => t.Name)
            .ToList();
        Assert.True(wrong.Count == 0, $"{language}.json: {string.Join(", ", wrong)}");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_file_names_no_tag_unknown_to_the_catalogue(string language)
    {
        var unknown = FileEntries(language).Select(e => e.Name)
            .Where(name => !CheckCatalog.TagsByName.ContainsKey(name))
            .ToList();
        Assert.True(unknown.Count == 0, $"{language}.json translates tags no check declares: {string.Join(", ", unknown)}");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_file_is_embedded_and_parses_as_tag_to_text_and_optional_advice(string language)
    {
        var entries = FileEntries(language);
        Assert.NotEmpty(entries);
        Assert.Equal(entries.Count, entries.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count());
        foreach (var (name, value) in entries)
        {
            Assert.True(value.ValueKind == JsonValueKind.Object, $"{name} is not an object");
            foreach (var field in value.EnumerateObject())
            {
                Assert.True(field.Name is "text" or "advice", $"{name} has an unknown field '{field.Name}'");
                Assert.True(field.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(field.Value.GetString()), $"{name}.{field.Name} is not a non-empty string");
            }

            Assert.True(value.TryGetProperty("text", out _), $"{name} has no text");
        }

        Assert.Equal(entries.Count, MessageTexts.For(language).Count);
    }

    [Fact]
    public void A_real_message_is_formatted_in_French()
    {
        var message = NotEnoughNameServers();
        Assert.Equal("La zone parente ne déclare que 1 serveur(s) de noms : ns1.example.org.", MessageTexts.For("fr").Text(message));
        Assert.Equal("Déléguez la zone à au moins deux serveurs de noms situés sur des réseaux différents (RFC 2182).", MessageTexts.For("fr").Advice(message.Tag));
    }

    [Fact]
    public void A_real_message_is_formatted_in_Spanish()
    {
        var message = NotEnoughNameServers();
        Assert.Equal("La zona padre solo declara 1 servidor(es) de nombres: ns1.example.org.", MessageTexts.For("es").Text(message));
        Assert.Equal("Delegue la zona en al menos dos servidores de nombres situados en redes distintas (RFC 2182).", MessageTexts.For("es").Advice(message.Tag));
    }

    [Fact]
    public void English_and_an_unknown_language_show_the_English_text()
    {
        var message = NotEnoughNameServers();
        Assert.Equal(message.Text, MessageTexts.For(MessageTexts.English).Text(message));
        Assert.Equal(message.Text, MessageTexts.For("xx").Text(message));
        Assert.Equal(message.Tag.Advice, MessageTexts.For("xx").Advice(message.Tag));
    }

    private static CheckMessage NotEnoughNameServers() =>
        new("DELEGATION01", "Delegation", NameServerCountCheck.NotEnoughDel,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["count"] = "1", ["ns_list"] = "ns1.example.org" }, []);

    private static List<(string Name, JsonElement Value)> FileEntries(string language)
    {
        using var stream = typeof(MessageTexts).Assembly.GetManifestResourceStream($"Dnscert.Checks.Texts.{language}.json");
        Assert.True(stream is not null, $"Messages/Texts/{language}.json is not embedded in Dnscert.Checks");
        using var document = JsonDocument.Parse(stream);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return [.. document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.Clone()))];
    }
}
