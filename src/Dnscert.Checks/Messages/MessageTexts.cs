using System.Collections.Concurrent;
using System.Text.Json;

namespace Dnscert.Checks.Messages;

/// <summary>
/// Message texts in another language than English, from JSON files embedded in this assembly
/// (Messages/Texts/&lt;lang&gt;.json: tag → text and advice, with the same named arguments as the English
/// template). JSON rather than .resx because a translator edits one flat file per language and a test can
/// compare its placeholders with the English declarations. A tag without a translation falls back to English.
/// </summary>
public sealed class MessageTexts
{
    public const string English = "en";

    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };

    private static readonly ConcurrentDictionary<string, MessageTexts> s_languages = new(StringComparer.Ordinal);

    private readonly Dictionary<string, TranslatedText> _texts;

    private MessageTexts(string language, Dictionary<string, TranslatedText> texts)
    {
        Language = language;
        _texts = texts;
    }

    public string Language { get; }

    /// <summary>Number of tags this language translates.</summary>
    public int Count => _texts.Count;

    public static MessageTexts For(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        return s_languages.GetOrAdd(language, Load);
    }

    public bool Translates(string tag) => _texts.ContainsKey(tag);

    public string Text(CheckMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _texts.TryGetValue(message.Tag.Name, out var t) && t.Text is { } template
            ? MessageTag.FormatTemplate(template, message.Arguments)
            : message.Text;
    }

    public string? Advice(MessageTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return _texts.TryGetValue(tag.Name, out var t) ? t.Advice ?? tag.Advice : tag.Advice;
    }

    /// <summary>The raw translated template of a tag, for tests that compare placeholders.</summary>
    public (string? Text, string? Advice) Template(string tag) => _texts.TryGetValue(tag, out var t) ? (t.Text, t.Advice) : (null, null);

    private static MessageTexts Load(string language)
    {
        if (language == English)
        {
            return new MessageTexts(language, []);
        }

        using var stream = typeof(MessageTexts).Assembly.GetManifestResourceStream($"Dnscert.Checks.Texts.{language}.json");
        if (stream is null)
        {
            return new MessageTexts(language, []);
        }

        var texts = JsonSerializer.Deserialize<Dictionary<string, TranslatedText>>(stream, s_json)
            ?? [];
        return new MessageTexts(language, texts);
    }

    private sealed class TranslatedText
    {
        public string? Text { get; set; }

        public string? Advice { get; set; }
    }
}
