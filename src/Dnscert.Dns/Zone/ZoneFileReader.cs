using System.Buffers;
using System.Globalization;
using System.Text;
using Dnscert.Dns.Records;

namespace Dnscert.Dns.Zone;

/// <summary>
/// Reads a DNS master file (RFC 1035 §5, RFC 2308 $TTL, BIND's $GENERATE and TTL units) record by record.
/// Hand-written because no .NET library parses master files strictly and within limits; RDATA is handed to
/// <see cref="RecordData.Parse"/>, so this class only deals with lines, directives, owners, TTLs and classes.
/// </summary>
/// <remarks>
/// TTLs, as BIND does it: a record's own TTL; else the <c>$TTL</c> default; else the last TTL written on an
/// earlier record (RFC 1035); else, for the SOA, its MINIMUM field, which then becomes the default for the rest
/// of the file; else the record is an error. Every error is a <see cref="ZoneFileException"/> with the file,
/// line and column. Not thread-safe; one reader per file.
/// </remarks>
public sealed class ZoneFileReader : IDisposable
{
    private static readonly Encoding s_strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly SearchValues<char> s_digits = SearchValues.Create("0123456789");
    private static readonly Dictionary<string, RRType>.AlternateLookup<ReadOnlySpan<char>> s_types = BuildTypes();

    private readonly ZoneReaderOptions _options;
    private readonly ZoneParseLimits _limits;
    private readonly Stack<ZoneSource> _sources = new();
    private readonly ZoneNameInterning _interning = new();
    private DomainName _origin;
    private DomainName? _previousOwner;
    private char[] _previousOwnerText = new char[64];
    private int _previousOwnerTextLength = -1;
    private uint? _defaultTtl;
    private uint? _lastTtl;
    private ZoneGenerator? _generator;
    private ZoneLexer? _generatorLexer;

    /// <summary>Reads from <paramref name="reader"/>, which the caller keeps and disposes.</summary>
    public ZoneFileReader(TextReader reader, ZoneReaderOptions options)
        : this(reader, ownsReader: false, options, options?.FileName ?? "zone")
    {
    }

    /// <summary>Reads UTF-8 text from <paramref name="stream"/>, which the caller keeps and disposes.</summary>
    public ZoneFileReader(Stream stream, ZoneReaderOptions options)
        : this(new StreamReader(stream, s_strictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 65536, leaveOpen: true), ownsReader: true, options, options?.FileName ?? "zone")
    {
    }

    private ZoneFileReader(TextReader reader, bool ownsReader, ZoneReaderOptions options, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _limits = options.Limits;
        _origin = options.Origin;
        RootFileName = fileName;
        _sources.Push(new ZoneSource(new ZoneLexer(reader, ownsReader, fileName, _limits), _origin, null));
    }

    /// <summary>The current origin (changed by <c>$ORIGIN</c> and <c>$INCLUDE</c>).</summary>
    public DomainName Origin => _origin;

    /// <summary>Records returned so far, over every file and $GENERATE.</summary>
    public long RecordCount { get; private set; }

    /// <summary>The name of the top-level file or text in messages.</summary>
    public string RootFileName { get; }

    /// <summary>The file of the last record returned.</summary>
    public string FileName { get; private set; } = string.Empty;

    /// <summary>The line of the last record returned (where its entry starts).</summary>
    public int Line { get; private set; }

    /// <summary>Opens a file; its name in messages is the path given.</summary>
    public static ZoneFileReader Open(string path, ZoneReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var fileName = options.FileName ?? path;
        var stream = OpenFile(path, options.Limits, fileName, 0);
        return new ZoneFileReader(new StreamReader(stream, s_strictUtf8, false, 65536, leaveOpen: false), ownsReader: true, options, fileName);
    }

    /// <summary>Reads master-file text held in memory.</summary>
    public static ZoneFileReader FromText(string text, ZoneReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        return new ZoneFileReader(new StringReader(text), ownsReader: true, options, options.FileName ?? "zone");
    }

    /// <summary>Every record to the end of the input.</summary>
    public IEnumerable<ZoneRecord> ReadAll()
    {
        while (TryRead(out var record))
        {
            yield return record;
        }
    }

    /// <summary>The next record; false at the end of the input. Throws <see cref="ZoneFileException"/>.</summary>
    public bool TryRead(out ZoneRecord record)
    {
        while (true)
        {
            if (_generator is not null)
            {
                if (_generator.TryNext(out var owner, out var rdata))
                {
                    record = Generated(_generator, _generatorLexer!, owner, rdata);
                    return true;
                }

                _generator = null;
                _generatorLexer = null;
            }

            if (_sources.Count == 0)
            {
                record = default;
                return false;
            }

            var lexer = _sources.Peek().Lexer;
            if (!lexer.ReadEntry())
            {
                Pop();
                continue;
            }

            if (!lexer.StartsWithSpace && !lexer.Tokens[0].Quoted && lexer.TokenText(0).StartsWith('$'))
            {
                Directive(lexer);
                continue;
            }

            record = Record(lexer);
            return true;
        }
    }

    /// <summary>An error located at the last record returned (for checks made on whole records).</summary>
    public ZoneFileException Error(string reason) => new(FileName, Line, 0, reason);

    public void Dispose()
    {
        while (_sources.Count > 0)
        {
            _sources.Pop().Lexer.Dispose();
        }
    }

    private static FileStream OpenFile(string path, ZoneParseLimits limits, string fileName, int line)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ZoneFileException(fileName, line, 0, $"the file '{path}' does not exist");
            }

            if (info.Length > limits.MaxFileSize)
            {
                throw new ZoneFileException(fileName, line, 0, string.Create(CultureInfo.InvariantCulture, $"the file '{path}' is larger than {limits.MaxFileSize} bytes (ZoneParseLimits.MaxFileSize)"));
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ZoneFileException(fileName, line, 0, $"the file '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private static Dictionary<string, RRType>.AlternateLookup<ReadOnlySpan<char>> BuildTypes()
    {
        var map = new Dictionary<string, RRType>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i <= 300; i++)
        {
            var text = DnsMnemonics.ToText((RRType)i);
            if (!text.StartsWith("TYPE", StringComparison.Ordinal))
            {
                map[text] = (RRType)i;
            }
        }

        return map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static bool TryParseType(ReadOnlySpan<char> text, out RRType type) =>
        s_types.TryGetValue(text, out type)
        || (text.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase) && DnsMnemonics.TryParseType(new string(text), out type));

    private static bool TryParseClass(ReadOnlySpan<char> text, out RRClass @class)
    {
        @class = default;

        // Most records give no class, so the type in this position must not cost a string allocation.
        if (text.Equals("IN", StringComparison.OrdinalIgnoreCase))
        {
            @class = RRClass.IN;
            return true;
        }

        var candidate = text.Equals("CH", StringComparison.OrdinalIgnoreCase)
            || text.Equals("HS", StringComparison.OrdinalIgnoreCase)
            || text.Equals("NONE", StringComparison.OrdinalIgnoreCase)
            || text.Equals("ANY", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("CLASS", StringComparison.OrdinalIgnoreCase);
        return candidate && DnsMnemonics.TryParseClass(new string(text), out @class);
    }

    // OPT and the query/meta range 128-255 (RFC 6895 §3.1) describe messages, not data; BIND refuses them too.
    private static bool IsMetaType(RRType type) => type == RRType.OPT || (ushort)type is >= 128 and <= 255;

    private static string TtlError(ReadOnlySpan<char> text) =>
        text.ContainsAnyExcept(s_digits)
            ? $"TTL '{text}' is not a number of seconds or a duration like 1h30m"
            : $"TTL '{text}' is larger than {ZoneTtl.Max} (RFC 2181 §8)";

    private void Pop()
    {
        var source = _sources.Pop();
        source.Lexer.Dispose();
        if (_sources.Count > 0)
        {
            _origin = source.SavedOrigin;
            _previousOwner = source.SavedOwner;
            _previousOwnerTextLength = -1;
        }
    }

    private ZoneRecord Record(ZoneLexer lexer)
    {
        var tokens = lexer.Tokens;
        DomainName owner;
        var i = 0;
        if (lexer.StartsWithSpace)
        {
            owner = _previousOwner ?? throw lexer.Error(tokens[0], "the line starts with a space, so it continues the previous owner, but there is no previous record");
        }
        else
        {
            owner = Owner(lexer);
            i = 1;
        }

        uint? ttl = null;
        RRClass? @class = null;
        RRType type;
        while (true)
        {
            if (i >= tokens.Count)
            {
                var last = tokens[^1];
                throw lexer.Error(last.Line, last.Column + last.Length, "the record ends before its type");
            }

            var token = tokens[i];
            var text = lexer.TokenText(i);
            i++;
            if (token.Quoted)
            {
                throw lexer.Error(token, $"expected a TTL, class or type, found the quoted string \"{text}\"");
            }

            if (ttl is null && ZoneTtl.LooksLikeTtl(text))
            {
                ttl = ZoneTtl.TryParse(text, out var seconds) ? seconds : throw lexer.Error(token, TtlError(text));
                continue;
            }

            if (@class is null && TryParseClass(text, out var parsedClass))
            {
                @class = parsedClass;
                continue;
            }

            if (TryParseType(text, out type))
            {
                CheckType(lexer, token, type);
                break;
            }

            throw lexer.Error(token, ttl is null || @class is null ? $"'{text}' is not a record type, class or TTL" : $"'{text}' is not a record type");
        }

        var data = _interning.Intern(RdataFromTokens(lexer, i, type));
        if (@class is { } stated && stated != _options.Class)
        {
            throw lexer.Error(tokens[0], $"the record's class {DnsMnemonics.ToText(stated)} is not the zone's class {DnsMnemonics.ToText(_options.Class)}");
        }

        return Finish(lexer, lexer.Line, tokens[0].Column, owner, ttl, data);
    }

    private DomainName Owner(ZoneLexer lexer)
    {
        var token = lexer.Tokens[0];
        var text = lexer.TokenText(0);
        if (token.Quoted)
        {
            throw lexer.Error(token, "an owner name cannot be a quoted string");
        }

        // A TLD zone repeats the owner on consecutive lines: reuse the parsed name instead of parsing it again.
        if (_previousOwnerTextLength >= 0 && _previousOwner is { } previous && text.SequenceEqual(_previousOwnerText.AsSpan(0, _previousOwnerTextLength)))
        {
            return previous;
        }

        var owner = ResolveName(lexer, token, text, "owner name");
        if (_previousOwnerText.Length < text.Length)
        {
            _previousOwnerText = new char[Math.Max(text.Length, _previousOwnerText.Length * 2)];
        }

        text.CopyTo(_previousOwnerText);
        _previousOwnerTextLength = text.Length;
        return owner;
    }

    private DomainName ResolveName(ZoneLexer lexer, ZoneToken token, ReadOnlySpan<char> text, string what)
    {
        try
        {
            return ZoneNames.Resolve(text, _origin);
        }
        catch (DnsFormatException ex)
        {
            throw lexer.Error(token.Line, token.Column + Math.Min(ex.Offset, Math.Max(0, text.Length - 1)), $"{what} '{text}' is not a valid domain name: {ZoneNames.Describe(ex)}", ex);
        }
    }

    private static void CheckType(ZoneLexer lexer, ZoneToken token, RRType type)
    {
        if (IsMetaType(type))
        {
            throw lexer.Error(token, $"type {DnsMnemonics.ToText(type)} is a query or meta type and cannot appear in a zone file");
        }
    }

    private RecordData RdataFromTokens(ZoneLexer lexer, int first, RRType type)
    {
        var tokens = lexer.Tokens;
        if (first >= tokens.Count)
        {
            var last = tokens[^1];
            return ParseRdata(type, string.Empty, lexer, last.Line, last.Column + last.Length, null, 0);
        }

        var start = tokens[first].OuterStart;
        var text = type == RRType.SOA && lexer.TokenText(first) is not "\\#"
            ? SoaText(lexer, first)
            : new string(lexer.Text, start, lexer.TextLength - start);
        return ParseRdata(type, text, lexer, tokens[first].Line, tokens[first].Column, first, start);
    }

    // BIND accepts TTL units in the SOA timers (refresh, retry, expire, minimum); RecordData takes seconds.
    private static string SoaText(ZoneLexer lexer, int first)
    {
        var builder = new StringBuilder();
        for (var k = first; k < lexer.Tokens.Count; k++)
        {
            var token = lexer.Tokens[k];
            var text = lexer.TokenText(k);
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            if (k - first is >= 3 and <= 6 && !token.Quoted && ZoneTtl.LooksLikeTtl(text) && text.ContainsAnyExcept(s_digits) && ZoneTtl.TryParse(text, out var seconds))
            {
                builder.Append(seconds);
            }
            else
            {
                builder.Append(lexer.Text, token.OuterStart, token.OuterEnd - token.OuterStart);
            }
        }

        return builder.ToString();
    }

    private RecordData ParseRdata(RRType type, string text, ZoneLexer lexer, int line, int column, int? firstToken, int textStart)
    {
        try
        {
            return RecordData.Parse(type, text, _origin);
        }
        catch (DnsFormatException ex)
        {
            var (errorLine, errorColumn) = firstToken is { } index ? Locate(lexer, index, textStart + ex.Offset, line, column) : (line, column);
            throw lexer.Error(errorLine, errorColumn, RdataError(type, ex), ex);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            throw lexer.Error(line, column, $"bad {DnsMnemonics.ToText(type)} data: {ex.Message}", ex);
        }
    }

    private static (int Line, int Column) Locate(ZoneLexer lexer, int firstToken, int offset, int line, int column)
    {
        // The RDATA string is a slice of the lexer's text, so an offset in it falls in a token or in the single
        // space before one; map it back to where that was written.
        for (var k = firstToken; k < lexer.Tokens.Count; k++)
        {
            var token = lexer.Tokens[k];
            if (offset < token.OuterStart)
            {
                return (token.Line, token.Column);
            }

            if (offset < token.OuterEnd)
            {
                return (token.Line, token.Column + offset - token.OuterStart);
            }
        }

        var last = lexer.Tokens[^1];
        return lexer.Tokens.Count > firstToken ? (last.Line, last.Column + last.OuterEnd - last.OuterStart) : (line, column);
    }

    private static string RdataError(RRType type, DnsFormatException ex)
    {
        var typeText = DnsMnemonics.ToText(type);
        var field = ex.Field;
        // The DNS layer names the field "MX RDATA preference"; the message already says which type.
        if (field.StartsWith(typeText + " RDATA ", StringComparison.Ordinal))
        {
            field = field[(typeText.Length + 7)..];
        }
        else if (field.StartsWith(typeText + " ", StringComparison.Ordinal))
        {
            field = field[(typeText.Length + 1)..];
        }

        var detail = ex.Error switch
        {
            _ when field.EndsWith(')') => string.Empty,
            DnsFormatError.InvalidField or DnsFormatError.Truncated => string.Empty,
            DnsFormatError.RdataLengthMismatch => " (the length does not fit the type)",
            _ => $" ({ZoneNames.Describe(ex)})",
        };
        return $"bad {typeText} data: {field}{detail}";
    }

    private ZoneRecord Finish(ZoneLexer lexer, int line, int column, DomainName owner, uint? ttl, RecordData data)
    {
        uint resolved;
        if (ttl is { } stated)
        {
            resolved = stated;
            _lastTtl = stated;
        }
        else if (_defaultTtl is { } fallback)
        {
            resolved = fallback;
        }
        else if (_lastTtl is { } last)
        {
            resolved = last;
        }
        else if (data is SoaRecordData soa)
        {
            resolved = Math.Min(soa.Minimum, ZoneTtl.Max);
            _defaultTtl = resolved;
        }
        else
        {
            throw lexer.Error(line, column, "the record has no TTL, and there is no $TTL, earlier TTL or SOA to take one from");
        }

        if (RecordCount >= _limits.MaxRecords)
        {
            throw lexer.Error(line, column, string.Create(CultureInfo.InvariantCulture, $"the zone has more than {_limits.MaxRecords} records (ZoneParseLimits.MaxRecords)"));
        }

        RecordCount++;
        _previousOwner = owner;
        FileName = lexer.FileName;
        Line = line;
        return new ZoneRecord(owner, resolved, _options.Class, data);
    }

    private void Directive(ZoneLexer lexer)
    {
        var name = lexer.TokenText(0);
        var token = lexer.Tokens[0];
        if (name.Equals("$ORIGIN", StringComparison.OrdinalIgnoreCase))
        {
            RequireArguments(lexer, "$ORIGIN", 1, 1, "a domain name");
            _origin = ResolveName(lexer, lexer.Tokens[1], lexer.TokenText(1), "$ORIGIN");
            _previousOwnerTextLength = -1;
        }
        else if (name.Equals("$TTL", StringComparison.OrdinalIgnoreCase))
        {
            RequireArguments(lexer, "$TTL", 1, 1, "a TTL");
            var text = lexer.TokenText(1);
            _defaultTtl = ZoneTtl.TryParse(text, out var seconds) ? seconds : throw lexer.Error(lexer.Tokens[1], TtlError(text));
        }
        else if (name.Equals("$INCLUDE", StringComparison.OrdinalIgnoreCase))
        {
            RequireArguments(lexer, "$INCLUDE", 1, 2, "a file name and an optional origin");
            Include(lexer);
        }
        else if (name.Equals("$GENERATE", StringComparison.OrdinalIgnoreCase))
        {
            Generate(lexer);
        }
        else
        {
            throw lexer.Error(token, $"unknown directive '{name}' (expected $ORIGIN, $TTL, $INCLUDE or $GENERATE; a name starting with $ is written \\$)");
        }
    }

    private static void RequireArguments(ZoneLexer lexer, string directive, int min, int max, string what)
    {
        var count = lexer.Tokens.Count - 1;
        if (count < min)
        {
            var token = lexer.Tokens[0];
            throw lexer.Error(token.Line, token.Column + token.Length, $"{directive} needs {what}");
        }

        if (count > max)
        {
            throw lexer.Error(lexer.Tokens[max + 1], $"{directive} takes {what}, but more follows: '{lexer.TokenString(max + 1)}'");
        }
    }

    private void Include(ZoneLexer lexer)
    {
        var token = lexer.Tokens[1];
        var file = lexer.TokenString(1);
        if (_options.IncludeDirectory is not { } directory)
        {
            throw lexer.Error(lexer.Tokens[0], "$INCLUDE is not allowed: zone files from others may not read local files (set ZoneReaderOptions.IncludeDirectory to allow it)");
        }

        if (_sources.Count > _limits.MaxIncludeDepth)
        {
            throw lexer.Error(lexer.Tokens[0], string.Create(CultureInfo.InvariantCulture, $"$INCLUDE is nested more than {_limits.MaxIncludeDepth} deep (ZoneParseLimits.MaxIncludeDepth)"));
        }

        var path = IncludePath(lexer, token, directory, file);
        var newOrigin = lexer.Tokens.Count > 2 ? ResolveName(lexer, lexer.Tokens[2], lexer.TokenText(2), "$INCLUDE origin") : _origin;
        var stream = OpenFile(path, _limits, lexer.FileName, token.Line);
        var reader = new StreamReader(stream, s_strictUtf8, false, 65536, leaveOpen: false);
        var relative = Path.GetRelativePath(Path.GetFullPath(directory), path);
        _sources.Push(new ZoneSource(new ZoneLexer(reader, ownsReader: true, relative, _limits), _origin, _previousOwner));
        _origin = newOrigin;
        _previousOwnerTextLength = -1;
    }

    private static string IncludePath(ZoneLexer lexer, ZoneToken token, string directory, string file)
    {
        try
        {
            var root = Path.GetFullPath(directory);
            var full = Path.GetFullPath(Path.Combine(root, file));
            var relative = Path.GetRelativePath(root, full);
            if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                throw lexer.Error(token, $"$INCLUDE file '{file}' is outside the include directory");
            }

            // A symbolic link below the include directory could point anywhere, so none is followed.
            var current = root;
            foreach (var part in relative.Split(Path.DirectorySeparatorChar))
            {
                current = Path.Combine(current, part);
                var info = new FileInfo(current);
                if (info.LinkTarget is not null)
                {
                    throw lexer.Error(token, $"$INCLUDE file '{file}' goes through the symbolic link '{part}', which is not followed");
                }
            }

            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw lexer.Error(token, $"$INCLUDE file '{file}' cannot be used: {ex.Message}", ex);
        }
    }

    private void Generate(ZoneLexer lexer)
    {
        var tokens = lexer.Tokens;
        if (tokens.Count < 5)
        {
            var last = tokens[^1];
            throw lexer.Error(last.Line, last.Column + last.Length, "$GENERATE needs a range, an owner template, a type and an RDATA template");
        }

        var (start, stop, step) = GenerateRange(lexer, tokens[1], lexer.TokenText(1));
        var ownerToken = tokens[2];
        var i = 3;
        uint? ttl = null;
        RRClass? @class = null;
        RRType type;
        while (true)
        {
            if (i >= tokens.Count - 1)
            {
                throw lexer.Error(tokens[^1], "$GENERATE needs a type followed by one RDATA template");
            }

            var token = tokens[i];
            var text = lexer.TokenText(i);
            i++;
            if (ttl is null && ZoneTtl.LooksLikeTtl(text))
            {
                ttl = ZoneTtl.TryParse(text, out var seconds) ? seconds : throw lexer.Error(token, TtlError(text));
            }
            else if (@class is null && TryParseClass(text, out var parsedClass))
            {
                @class = parsedClass != _options.Class
                    ? throw lexer.Error(token, $"the record's class {DnsMnemonics.ToText(parsedClass)} is not the zone's class {DnsMnemonics.ToText(_options.Class)}")
                    : parsedClass;
            }
            else if (TryParseType(text, out type))
            {
                CheckType(lexer, token, type);
                break;
            }
            else
            {
                throw lexer.Error(token, $"'{text}' is not a record type, class or TTL");
            }
        }

        if (i != tokens.Count - 1)
        {
            throw lexer.Error(tokens[i + 1], "$GENERATE takes one RDATA template; quote it if it has spaces");
        }

        var rdataToken = tokens[i];
        var generator = new ZoneGenerator(start, stop, step, lexer.TokenString(2), lexer.TokenString(i), _limits.MaxLineLength)
        {
            Ttl = ttl,
            Class = @class,
            Type = type,
            Line = lexer.Line,
            OwnerColumn = ownerToken.Column,
            RdataColumn = rdataToken.Column,
        };
        if (generator.Validate() is { } error)
        {
            throw lexer.Error(lexer.Line, tokens[0].Column, "$GENERATE: " + error);
        }

        _generator = generator;
        _generatorLexer = lexer;
    }

    private (long Start, long Stop, long Step) GenerateRange(ZoneLexer lexer, ZoneToken token, ReadOnlySpan<char> text)
    {
        var slash = text.IndexOf('/');
        var range = slash < 0 ? text : text[..slash];
        var dash = range.IndexOf('-');
        long step = 1;
        if (dash <= 0
            || !long.TryParse(range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var stop)
            || (slash >= 0 && !long.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step))
            || start > int.MaxValue || stop > int.MaxValue)
        {
            throw lexer.Error(token, $"$GENERATE range '{text}' is not start-stop or start-stop/step with numbers from 0 to {int.MaxValue}");
        }

        if (stop < start || step < 1)
        {
            throw lexer.Error(token, $"$GENERATE range '{text}' is empty or its step is not positive");
        }

        if (((stop - start) / step) + 1 > _limits.MaxGenerateCount)
        {
            throw lexer.Error(token, string.Create(CultureInfo.InvariantCulture, $"$GENERATE range '{text}' makes more than {_limits.MaxGenerateCount} records (ZoneParseLimits.MaxGenerateCount)"));
        }

        return (start, stop, step);
    }

    private ZoneRecord Generated(ZoneGenerator generator, ZoneLexer lexer, string ownerText, string rdataText)
    {
        var ownerToken = new ZoneToken(0, ownerText.Length, false, generator.Line, generator.OwnerColumn);
        var owner = ResolveName(lexer, ownerToken, ownerText, "$GENERATE owner");
        var data = ParseRdata(generator.Type, rdataText, lexer, generator.Line, generator.RdataColumn, null, 0);
        // As in BIND, generated records do not change the owner that a following blank-owner line continues.
        var previous = _previousOwner;
        var record = Finish(lexer, generator.Line, generator.OwnerColumn, owner, generator.Ttl, data);
        _previousOwner = previous;
        return record;
    }
}
