using System.Buffers;

namespace Dnscert.Core.Store;

/// <summary>
/// The store's rule for text that goes into a JSON list as it is, between quotes: printable ASCII but for
/// <c>" \ &lt; &gt; &amp; ' + `</c>, the characters the serializer would escape. One rule for the text and for its UTF-8
/// bytes (the same values, as plain text is ASCII), so a list written from either is the list the serializer writes.
/// </summary>
public static class PlainJsonText
{
    private const string Escaped = "\"\\<>&'+`";

    private static readonly SearchValues<char> s_chars =
        SearchValues.Create(string.Concat(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).Where(c => !Escaped.Contains(c, StringComparison.Ordinal))));

    private static readonly SearchValues<byte> s_bytes =
        SearchValues.Create([.. Enumerable.Range(' ', '~' - ' ' + 1).Where(c => !Escaped.Contains((char)c, StringComparison.Ordinal)).Select(c => (byte)c)]);

    public static bool IsPlain(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(s_chars);

    public static bool IsPlain(ReadOnlySpan<byte> utf8) => !utf8.ContainsAnyExcept(s_bytes);
}
