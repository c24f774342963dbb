using System.Globalization;

namespace Dnscert.Core.Store;

/// <summary>
/// Checks a comment typed into a consultation, which is hostile input: plain text only (pages HTML-encode it, nothing
/// is ever interpreted as markup), at most <see cref="MaxLength"/> characters and <see cref="MaxLines"/> lines, no control
/// characters but line feed and tab, no direction overrides that could make a comment read differently from what it
/// says, no lone surrogates. Line ends are normalised to line feeds and outer white space trimmed.
/// </summary>
public static class ReportCommentText
{
    public const int MaxLength = 4000;
    public const int MaxLines = 100;

    /// <summary>The text to store, or null and an error naming what is wrong and where (1-based character position).</summary>
    public static (string? Text, string? Error) Check(string? input)
    {
        if (input is null)
        {
            return (null, "The comment is empty.");
        }

        // Measured before normalising, so a huge input is refused without copying it.
        if (input.Length > MaxLength * 2)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"The comment is {input.Length:N0} characters long; the limit is {MaxLength:N0}."));
        }

        var text = input.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        if (text.Length == 0)
        {
            return (null, "The comment is empty.");
        }

        if (text.Length > MaxLength)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"The comment is {text.Length:N0} characters long; the limit is {MaxLength:N0}."));
        }

        var lines = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                if (++lines > MaxLines)
                {
                    return (null, string.Create(CultureInfo.InvariantCulture, $"The comment has more than {MaxLines} lines."));
                }

                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"The comment has a broken character (a lone surrogate U+{(int)c:X4}) at position {i + 1}."));
            }

            if (c != '\t' && (char.IsControl(c) || IsDirectionControl(c)))
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"The comment contains the invisible control character U+{(int)c:X4} at position {i + 1}; remove it."));
            }
        }

        return (text, null);
    }

    // Embedding, override and isolate controls (Trojan Source, CVE-2021-42574) and the line/paragraph separators.
    private static bool IsDirectionControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029';
}
