using CsCheck;
using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Wire;

/// <summary>Random mutations of valid messages: the reader throws nothing but DnsFormatException and keeps its limits.</summary>
public sealed class DnsMessageMutationTests
{
    private static readonly ParseLimits s_tight = new()
    {
        MaxRecords = 6,
        MaxLabels = 4,
        MaxCompressionHops = 2,
        MaxEdnsOptions = 1,
        MaxMessageSize = 900,
    };

    private static readonly Gen<byte[]> s_mutants =
        Gen.Select(Gen.Int[0, SampleMessages.All.Count - 1], Gen.Int[1, 8], Gen.Int[0, 2], Gen.Int, (seed, edits, kind, salt) =>
        {
            var rng = new Random(salt);
            var bytes = SampleMessages.All[seed].ToList();
            for (var i = 0; i < edits && bytes.Count > 0; i++)
            {
                var at = rng.Next(bytes.Count);
                switch (kind)
                {
                    case 0:
                        bytes[at] = (byte)rng.Next(256);
                        break;
                    case 1:
                        bytes.Insert(at, (byte)rng.Next(256));
                        break;
                    default:
                        bytes.RemoveRange(at, Math.Min(rng.Next(1, 4), bytes.Count - at));
                        break;
                }
            }

            return bytes.ToArray();
        });

    [Fact]
    public void The_seed_messages_are_valid()
    {
        foreach (var bytes in SampleMessages.All)
        {
            var message = DnsMessage.Parse(bytes);
            Assert.False(message.HasTrailingBytes);
            foreach (var record in message.Answers)
            {
                Assert.NotEmpty(record.ToString());
            }
        }
    }

    [Fact]
    public void Mutated_messages_raise_only_DnsFormatException()
    {
        s_mutants.Sample(bytes => ParseAndPrint(bytes, ParseLimits.Default), iter: 20_000);
    }

    [Fact]
    public void Mutated_messages_respect_tight_limits()
    {
        s_mutants.Sample(bytes =>
        {
            var message = ParseAndPrint(bytes, s_tight);
            if (message is null)
            {
                return;
            }

            Assert.True(message.Answers.Length + message.Authority.Length + message.Additional.Length <= s_tight.MaxRecords);
            foreach (var record in message.Answers)
            {
                Assert.True(record.Owner.LabelCount <= s_tight.MaxLabels);
            }

            if (message.HasEdns)
            {
                Assert.True(message.Edns.GetOptions().Count <= s_tight.MaxEdnsOptions);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Random_bytes_raise_only_DnsFormatException()
    {
        Gen.Byte.Array[0, 300].Sample(bytes => ParseAndPrint(bytes, ParseLimits.Default), iter: 20_000);
    }

    private static DnsMessage? ParseAndPrint(byte[] bytes, ParseLimits limits)
    {
        DnsMessage message;
        try
        {
            message = DnsMessage.Parse(bytes, limits);
        }
        catch (DnsFormatException)
        {
            return null;
        }

        // A message the reader accepted must decode and print completely.
        foreach (var section in new[] { message.Answers.ToArray(), message.Authority.ToArray(), message.Additional.ToArray() })
        {
            foreach (var record in section)
            {
                if (record.Type != RRType.OPT)
                {
                    Assert.NotNull(record.ToString());
                }
            }
        }

        foreach (var question in message.Questions)
        {
            Assert.NotNull(question.ToString());
        }

        if (message.HasEdns)
        {
            Assert.NotNull(message.Edns.ToString());
            _ = message.ResponseCode;
        }

        return message;
    }
}
