using Dnscert.Checks.Basic;
using Dnscert.Checks.Messages;

namespace Dnscert.UnitTests.Cli;

/// <summary><c>dnscert check --lang</c> on an offline replay: an empty recording, so every query fails at once.</summary>
public sealed class CheckLanguageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-lang-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("fr")]
    [InlineData("es")]
    public async Task Lang_translates_the_texts_and_advice_of_the_human_output_but_keeps_the_tags(string language)
    {
        var replay = Path.Combine(_dir, "empty.json");
        await File.WriteAllTextAsync(replay,
            """{"schema":"dnscert.recording/1","zone":"example.test.","roots":["192.0.2.1"],"started":"2026-11-28T00:00:00+00:00","exchanges":[]}""",
            TestContext.Current.CancellationToken);

        var (_, english, englishError) = await InProcessCli.Run("check", "example.test", "--replay", replay);
        var (_, translated, translatedError) = await InProcessCli.Run("check", "example.test", "--replay", replay, "--lang", language);

        Assert.True(englishError.Length == 0, englishError);
        Assert.True(translatedError.Length == 0, translatedError);
        var tag = ChildZoneFoundCheck.ParentNotFound;
        var (text, advice) = MessageTexts.For(language).Template(tag.Name);
        Assert.Contains($"{tag.Name}: {tag.Template}", english, StringComparison.Ordinal);
        Assert.Contains($"{tag.Name}: {text}", translated, StringComparison.Ordinal);
        Assert.Contains($"advice: {advice}", translated, StringComparison.Ordinal);
        Assert.DoesNotContain(tag.Template, translated, StringComparison.Ordinal);
    }
}
