using System.Globalization;
using System.Text;

namespace Dnscert.IntegrationTests.Dns;

/// <summary>
/// Writes seeded random master files that use every syntax form the reader accepts: relative, absolute and
/// escaped owners, blank owners, TTL units, class and TTL in either order, parentheses with comments, quoted
/// strings with escapes, $ORIGIN and $TTL changes and, for BIND, $GENERATE. Every RRset gets one TTL and every
/// record is distinct, because BIND merges duplicates and unifies RRset TTLs.
/// </summary>
internal sealed class OracleZoneText(int seed, bool forLdns)
{
    private readonly Random _random = new(seed);
    private readonly StringBuilder _text = new();
    private int _counter;

    public string Write(string origin, int records)
    {
        _text.Append(CultureInfo.InvariantCulture, $"$ORIGIN {origin}\n$TTL 1h\n");
        _text.Append("@ IN SOA ns1 hostmaster.mail ( 2026112801 ; serial\n    1h 15m 1w 300 )\n");
        _text.Append("  NS ns1\n  NS ns2.elsewhere.test.\nns1 300 IN A 192.0.2.53\n");
        for (var i = 0; i < records; i++)
        {
            switch (_random.Next(40))
            {
                case 0:
                    _text.Append(CultureInfo.InvariantCulture, $"$TTL {Ttl()}\n");
                    break;
                case 1:
                    // ldns takes a relative $ORIGIN as absolute; RFC 1035 and BIND append the current origin.
                    var sub = $"sub{Next()}";
                    _text.Append(CultureInfo.InvariantCulture, $"$ORIGIN {(forLdns ? sub + "." + origin : sub)}\n");
                    Record();
                    _text.Append(CultureInfo.InvariantCulture, $"$ORIGIN {origin}\n");
                    break;
                case 2 when !forLdns:
                    var start = _random.Next(0, 200);
                    _text.Append(CultureInfo.InvariantCulture, $"$GENERATE {start}-{start + _random.Next(0, 20)}/{_random.Next(1, 4)} gen{Next()}-${{0,3,x}} A 10.{_random.Next(256)}.0.$\n");
                    break;
                case 3:
                    Delegation();
                    break;
                default:
                    Record();
                    break;
            }
        }

        return _text.ToString();
    }

    private int Next() => ++_counter;

    private string Ttl() => _random.Next(4) switch
    {
        0 => _random.Next(0, 100000).ToString(CultureInfo.InvariantCulture),
        1 => $"{_random.Next(1, 48)}h{_random.Next(0, 60)}m",
        2 => $"{_random.Next(1, 3)}W",
        _ => $"{_random.Next(1, 7)}d{_random.Next(1, 24)}H{_random.Next(1, 60)}s",
    };

    private string Owner() => _random.Next(6) switch
    {
        0 => $"host{Next()}.Sub",
        1 => $"e\\.dot{Next()}",
        2 => $"x\\065\\032y{Next()}",
        3 => $"MiXeD{Next()}",
        4 => $"_tcp{Next()}._udp",
        _ => $"h{Next()}",
    };

    // TTL and class in any order BIND allows; ldns wants the TTL first.
    private string TtlAndClass()
    {
        var ttl = _random.Next(3) == 0 ? string.Empty : Ttl();
        var @class = _random.Next(2) == 0 ? "IN" : "in";
        return (_random.Next(4), ttl.Length) switch
        {
            (0, _) => ttl,
            (1, > 0) when !forLdns => $"{@class} {ttl}",
            _ => $"{ttl} {@class}",
        };
    }

    private void Record()
    {
        var owner = Owner();
        var data = Data();
        _text.Append(owner).Append(' ').Append(TtlAndClass()).Append(' ').Append(data).Append('\n');
        if (_random.Next(5) == 0 && !data.StartsWith("CNAME", StringComparison.Ordinal))
        {
            // A blank owner continues the name; a type no other line uses keeps RRsets (and their TTLs) apart.
            _text.Append(CultureInfo.InvariantCulture, $"\t{(_random.Next(2) == 0 ? "" : "1234 ")}TYPE65534 \\# 2 {Next() % 65536:x4} ; same owner\n");
        }
    }

    private void Delegation()
    {
        var child = $"child{Next()}";
        var ttl = Ttl();
        _text.Append(CultureInfo.InvariantCulture, $"{child} {ttl} NS ns1.{child}\n {ttl} NS ns2.ELSEWHERE.test.\n");
        _text.Append(CultureInfo.InvariantCulture, $"ns1.{child} A 192.0.2.{_random.Next(256)}\n");
        _text.Append(CultureInfo.InvariantCulture, $"{child} DS {_random.Next(65536)} 13 2 {Hex(32)}\n");
    }

    private string Data() => _random.Next(17) switch
    {
        0 => $"A {_random.Next(256)}.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(256)}",
        1 => $"AAAA 2001:db8:{_random.Next(65536):x}::{_random.Next(65536):x}",
        2 => $"MX {_random.Next(100)} mail{_random.Next(9)}",
        3 => $"TXT {Quoted()} {Quoted()}",
        4 => $"TXT ( {Quoted()} ; first part\n    {Quoted()} )",
        5 => $"SRV {_random.Next(10)} {_random.Next(100)} {_random.Next(65536)} target{_random.Next(9)}.example.net.",
        6 => $"CNAME alias{_random.Next(99)}.Other.TEST.",
        7 => $"CAA 0 issue \"ca{_random.Next(9)}.example.net\"",
        8 => $"DNSKEY 257 3 13 ( {Base64(64).Insert(40, "\n    ")} ) ; key split inside the base64",
        9 => $"TLSA 3 1 1 {Hex(32)}",
        10 => $"SSHFP 4 2 ( {Hex(16)}\n {Hex(16)} )",
        11 => $"NAPTR 100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.net!\" .",
        12 => $"HINFO \"PC {_random.Next(9)}\" Linux",
        13 => $"PTR ptr{_random.Next(99)}.example.net.",
        14 => $"TYPE{_random.Next(65280, 65500)} \\# 4 {Hex(4)}",
        15 => $"SOA ns hm {_random.Next()} 1 2 3 4".Replace("SOA", "TXT \"looks like\"", StringComparison.Ordinal),
        _ => $"TXT \"\\\"quoted\\\" and \\\\ and \\059 and (parens)\" unquoted\\ word",
    };

    private string Quoted()
    {
        var builder = new StringBuilder("\"");
        var length = _random.Next(0, 30);
        for (var i = 0; i < length; i++)
        {
            var b = _random.Next(0, 256);
            builder.Append(b switch
            {
                '"' or '\\' => "\\" + (char)b,
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => "\\" + b.ToString("D3", CultureInfo.InvariantCulture),
            });
        }

        return builder.Append('"').ToString();
    }

    private string Hex(int octets)
    {
        var bytes = new byte[octets];
        _random.NextBytes(bytes);
        return Convert.ToHexString(bytes);
    }

    private string Base64(int octets)
    {
        var bytes = new byte[octets];
        _random.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }
}
