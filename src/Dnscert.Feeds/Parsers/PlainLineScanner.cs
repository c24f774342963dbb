using System.Buffers;
using System.Text;
using Dnscert.Core.Store;
using Dnscert.Feeds.Ingestion;

namespace Dnscert.Feeds.Parsers;

/// <summary>
/// The plain-list format read on bytes: the file in 1 MiB blocks, lines split on spans, and the three shapes that make
/// up nearly every real line (a bare domain, an <c>http(s)://host/path</c> URL of unreserved characters, a dotted IPv4
/// address) classified and normalised in place, without a string per line. Anything else (non-ASCII, whitespace,
/// defanged, hosts-file lines, upper-case schemes, ports, queries, over-long or binary lines) goes through
/// <see cref="PlainListParser"/>'s own line code, so the outcome and the reason of every line are the parser's (a
/// property test compares the two on random and hostile lines). Limits kept: the line length (a longer line is
/// rejected from a bounded prefix and skipped, not buffered), the item count and cancellation every 4096 lines.
/// </summary>
internal sealed class PlainLineScanner
{
    private const int BlockBytes = 1 << 20;

    /// <summary>Longest line limit the scanner handles; longer limits (a non-default <see cref="FeedLimits"/>) use the parser.</summary>
    private const int MaxScannedLineLength = 65_536;

    private static readonly SearchValues<char> s_nameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");
    private static readonly SearchValues<char> s_addressChars = SearchValues.Create("0123456789.");
    private static readonly SearchValues<char> s_hostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");
    private static readonly SearchValues<char> s_pathChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/");
    private static readonly UTF8Encoding s_utf8 = new(false, false);

    private readonly PlainListParser _parser;
    private readonly FeedIngestor.Run _run;
    private readonly int _maxLineLength;
    private readonly long _maxEntries;

    // A line of more than this many bytes has more than the limit's characters whatever it holds: UTF-8 needs at most
    // three bytes per UTF-16 character, and a cut sequence at the end decodes to one replacement character.
    private readonly int _cutBytes;
    private readonly char[] _chars;
    private readonly char[] _lower;
    private long _lineNumber;
    private long _items;
    private bool _stopped;

    public PlainLineScanner(PlainListParser parser, FeedIngestor.Run run)
    {
        _parser = parser;
        _run = run;
        _maxLineLength = parser.MaxLineLength;
        _maxEntries = parser.MaxEntries;
        _cutBytes = (3 * _maxLineLength) + 6;
        _chars = new char[_maxLineLength + 1];
        _lower = new char[_maxLineLength + 1];
    }

    /// <summary>The scanner needs to step back over a byte-order mark it does not read (UTF-16 and UTF-32), and a bounded line limit.</summary>
    public static bool CanScan(Stream feed, int maxLineLength) => feed.CanSeek && maxLineLength is > 0 and <= MaxScannedLineLength;

    /// <summary>Scans the feed; false (nothing read, the stream where it was) when it starts with a UTF-16 or UTF-32 byte-order mark.</summary>
    public bool Scan(Stream feed, CancellationToken cancellationToken)
    {
        var origin = feed.Position;
        var buffer = new byte[BlockBytes];
        var length = ReadBlock(feed, buffer, 0);
        var position = 0;
        if (length >= 2 && ((buffer[0] == 0xFE && buffer[1] == 0xFF) || (buffer[0] == 0xFF && buffer[1] == 0xFE) || (length >= 4 && buffer[0] == 0 && buffer[1] == 0 && buffer[2] == 0xFE && buffer[3] == 0xFF)))
        {
            feed.Position = origin;
            return false;
        }

        if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
        {
            position = 3;
        }

        var end = length < buffer.Length;
        while (!_stopped)
        {
            var newline = buffer.AsSpan(position, length - position).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Line(buffer.AsSpan(position, newline), cancellationToken);
                position += newline + 1;
                continue;
            }

            if (length - position > _cutBytes)
            {
                // Over the limit and no end in sight: keep a prefix for the message and skip to the next line.
                var prefix = buffer.AsSpan(position, _cutBytes).ToArray();
                while (true)
                {
                    if (end)
                    {
                        position = length;
                        break;
                    }

                    length = ReadBlock(feed, buffer, 0);
                    end = length < buffer.Length;
                    newline = buffer.AsSpan(0, length).IndexOf((byte)'\n');
                    if (newline >= 0)
                    {
                        position = newline + 1;
                        break;
                    }
                }

                Line(prefix, cancellationToken);
                continue;
            }

            if (end)
            {
                if (position < length)
                {
                    Line(buffer.AsSpan(position, length - position), cancellationToken);
                }

                break;
            }

            buffer.AsSpan(position, length - position).CopyTo(buffer);
            length -= position;
            position = 0;
            var read = ReadBlock(feed, buffer, length);
            end = read < buffer.Length - length;
            length += read;
        }

        return true;
    }

    private static int ReadBlock(Stream feed, byte[] buffer, int offset)
    {
        var total = 0;
        while (offset + total < buffer.Length)
        {
            var read = feed.Read(buffer, offset + total, buffer.Length - offset - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>One line without its <c>\n</c> (a line of more than <see cref="_cutBytes"/> bytes arrives as that prefix).</summary>
    private void Line(ReadOnlySpan<byte> bytes, CancellationToken cancellationToken)
    {
        _lineNumber++;
        if ((_lineNumber & 4095) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (_items >= _maxEntries)
        {
            _run.Reject(FeedRejection.Create(_lineNumber, $"item limit {_maxEntries} reached; rest of feed ignored", string.Empty));
            _stopped = true;
            return;
        }

        if (bytes.Length > _maxLineLength || !Ascii.IsValid(bytes) || bytes.Contains((byte)0))
        {
            SlowLine(bytes);
            return;
        }

        var line = bytes;
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        var text = _chars.AsSpan(0, line.Length);
        Ascii.ToUtf16(line, text, out _);
        if (text.IsEmpty)
        {
            return;
        }

        if (text.IndexOfAnyExcept(s_nameChars) < 0)
        {
            if (text.IndexOfAnyExcept(s_addressChars) < 0)
            {
                if (IsCanonicalIPv4(text))
                {
                    _items++;
                    _run.Accept(SubjectKind.IpAddress, text, null, default, false, null, null, _lineNumber, text, null);
                    return;
                }

                SlowLine(bytes);
                return;
            }

            _items++;
            Domain(text);
            return;
        }

        if (text[0] is '#' or ';' || text.StartsWith("//", StringComparison.Ordinal))
        {
            return;
        }

        if (Url(text))
        {
            return;
        }

        SlowLine(bytes);
    }

    /// <summary>A line the fast shapes do not cover: decoded as the parser's reader would, then the parser's own line code.</summary>
    private void SlowLine(ReadOnlySpan<byte> bytes)
    {
        var decoded = s_utf8.GetString(bytes);
        var tooLong = decoded.Length > _maxLineLength;
        var line = tooLong ? decoded[.._maxLineLength] : decoded;
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        if (tooLong)
        {
            _items++;
            _run.Reject(FeedRejection.Create(_lineNumber, $"line longer than {_maxLineLength} characters", line));
            return;
        }

        if (line.Contains('\0', StringComparison.Ordinal))
        {
            _items++;
            _run.Reject(FeedRejection.Create(_lineNumber, "binary data", line.Replace('\0', '.')));
            return;
        }

        foreach (var item in _parser.ParseText(line, _lineNumber))
        {
            _items++;
            _run.Take(item);
        }
    }

    /// <summary>A line of name characters that is not all digits and dots: <see cref="IndicatorText.TryNormaliseDomain"/> on the span.</summary>
    private void Domain(ReadOnlySpan<char> text)
    {
        var value = text.TrimEnd('.');
        var name = _lower.AsSpan(0, value.Length);
        var reason = value.Length == 0 ? "no domain" : value.Length > 4 * IndicatorText.MaxNameLength ? "domain too long" : null;
        if (reason is null)
        {
            Ascii.ToLower(value, name, out _);
            reason = IndicatorText.CheckAsciiName(name);
        }

        if (reason is not null)
        {
            _run.Reject(_lineNumber, reason, text);
            return;
        }

        _run.Accept(SubjectKind.Domain, name, null, name, true, null, null, _lineNumber, text, null);
    }

    /// <summary>
    /// <c>http://</c> or <c>https://</c>, a lower-case ASCII host name that is not an address or punycode, and a path of
    /// unreserved characters without empty, dot or dot-ended segments: the URL is already what <see cref="Uri.AbsoluteUri"/>
    /// gives (plus <c>/</c> for an empty path). False for any other line, which then takes the parser's path.
    /// </summary>
    private bool Url(ReadOnlySpan<char> text)
    {
        var scheme = text.StartsWith("http://", StringComparison.Ordinal) ? 7 : text.StartsWith("https://", StringComparison.Ordinal) ? 8 : 0;
        if (scheme == 0)
        {
            return false;
        }

        var rest = text[scheme..];
        var slash = rest.IndexOf('/');
        var host = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? [] : rest[slash..];
        if (host.IsEmpty || host.Length > IndicatorText.MaxNameLength || host.IndexOfAnyExcept(s_hostChars) >= 0 || host.Contains("xn--", StringComparison.Ordinal)
            || IndicatorText.CheckAsciiName(host) is not null || path.IndexOfAnyExcept(s_pathChars) >= 0 || !PlainPath(path))
        {
            return false;
        }

        _items++;
        if (path.IsEmpty)
        {
            var absolute = string.Concat(text, "/");
            _run.Accept(SubjectKind.Url, absolute, absolute, host, true, null, null, _lineNumber, text, null);
        }
        else
        {
            _run.Accept(SubjectKind.Url, text, null, host, true, null, null, _lineNumber, text, null);
        }

        return true;
    }

    private static bool PlainPath(ReadOnlySpan<char> path)
    {
        while (!path.IsEmpty)
        {
            // path starts with '/': the segment runs to the next one.
            path = path[1..];
            var next = path.IndexOf('/');
            var segment = next < 0 ? path : path[..next];
            if ((segment.IsEmpty && next >= 0) || (!segment.IsEmpty && segment[^1] == '.'))
            {
                return false;
            }

            path = next < 0 ? [] : path[next..];
        }

        return true;
    }

    private static bool IsCanonicalIPv4(ReadOnlySpan<char> text)
    {
        var parts = 0;
        while (true)
        {
            var dot = text.IndexOf('.');
            var part = dot < 0 ? text : text[..dot];
            if (part.IsEmpty || part.Length > 3 || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var value = 0;
            foreach (var c in part)
            {
                value = (value * 10) + (c - '0');
            }

            if (value > 255)
            {
                return false;
            }

            parts++;
            if (dot < 0)
            {
                return parts == 4;
            }

            if (parts == 4)
            {
                return false;
            }

            text = text[(dot + 1)..];
        }
    }
}
