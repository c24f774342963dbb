using CsCheck;
using Dnscert.Dns;
using Dnscert.Dns.Edns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Wire;

public sealed class DnsMessageWriterTests
{
    [Fact]
    public void Writes_a_query_with_header_bits_and_EDNS_options()
    {
        var query = new DnsQuery(DomainName.Parse("example."), RRType.SOA)
        {
            Id = 0x1234,
            RecursionDesired = true,
            CheckingDisabled = true,
            Edns = new EdnsQueryOptions
            {
                UdpPayloadSize = 1232,
                DnssecOk = true,
                Options = [EdnsOption.NsidRequest(), EdnsOption.Cookie([1, 2, 3, 4, 5, 6, 7, 8])],
            },
        };
        Span<byte> buffer = stackalloc byte[DnsQuery.TypicalMaxLength];
        var length = query.WriteTo(buffer);

        Assert.Equal(query.Length, length);
        Assert.Equal(buffer[..length].ToArray(), query.ToArray());
        var message = DnsMessage.Parse(buffer[..length].ToArray());
        Assert.Equal(0x1234, message.Id);
        Assert.False(message.IsResponse);
        Assert.Equal(DnsHeaderBits.RecursionDesired | DnsHeaderBits.CheckingDisabled, message.Flags);
        Assert.Equal(DnsOpcode.Query, message.Opcode);
        var question = message.Questions[0];
        Assert.Equal((DomainName.Parse("example."), RRType.SOA, RRClass.IN), (question.Name, question.Type, question.Class));
        Assert.True(message.HasEdns);
        Assert.Equal(1232, message.Edns.UdpPayloadSize);
        Assert.True(message.Edns.DnssecOk);
        Assert.Equal(0, message.Edns.Version);
        Assert.True(message.Edns.TryGetOption(EdnsOptionCode.Nsid, out var nsid) && nsid.IsEmpty);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, message.Edns.ClientCookie.ToArray());
        Assert.True(message.Edns.ServerCookie.IsEmpty);
    }

    [Fact]
    public void Writes_a_query_into_a_buffer_writer_without_allocating()
    {
        var query = new DnsQuery(DomainName.Parse("www.example."), RRType.A)
        {
            Id = 7,
            Edns = new EdnsQueryOptions { DnssecOk = true, Options = [EdnsOption.NsidRequest()] },
        };
        var writer = new System.Buffers.ArrayBufferWriter<byte>(512);
        query.WriteTo(writer);
        writer.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        query.WriteTo(writer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(7, DnsMessage.Parse(writer.WrittenMemory).Id);
    }

    [Fact]
    public void Compresses_repeated_names_in_owners_and_RFC_1035_RDATA()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(1, DnsHeaderBits.Response);
        var zone = DomainName.Parse("example.");
        writer.AddQuestion(zone, RRType.NS);
        writer.AddRecord(DnsSection.Answer, zone, RRClass.IN, 60, new NameRecordData(RRType.NS, DomainName.Parse("ns1.example.")));
        writer.AddRecord(DnsSection.Answer, zone, RRClass.IN, 60, new NameRecordData(RRType.NS, DomainName.Parse("ns2.example.")));
        var length = writer.Finish();

        // Header 12 + question 13 + each record: pointer owner 2 + 10 + "ns1" label 4 + pointer 2.
        Assert.Equal(12 + 13 + (2 * 18), length);
        var message = DnsMessage.Parse(buffer.AsMemory(0, length));
        Assert.Equal("ns1.example.", message.Answers[0].GetData().ToString());
        Assert.Equal("ns2.example.", message.Answers[1].GetData().ToString());
    }

    [Fact]
    public void Compresses_only_exact_octets_so_the_case_of_every_name_survives()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(1, DnsHeaderBits.Response);
        writer.AddQuestion(DomainName.Parse("example."), RRType.NS);
        writer.AddRecord(DnsSection.Answer, DomainName.Parse("EXAMPLE."), RRClass.IN, 60, new NameRecordData(RRType.NS, DomainName.Parse("ns.ExAmPlE.")));
        var message = DnsMessage.Parse(buffer.AsMemory(0, writer.Finish()));

        Assert.Equal("EXAMPLE.", message.Answers[0].Owner.ToString());
        Assert.Equal("ns.ExAmPlE.", message.Answers[0].GetData().ToString());
    }

    [Theory]
    [InlineData("a.a.")]
    [InlineData("com.com.")]
    [InlineData("ns1.example.example.")]
    [InlineData("b.a.b.a.")]
    public void Compresses_names_that_repeat_their_own_labels_without_pointing_into_themselves(string text)
    {
        var name = DomainName.Parse(text);
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(1, DnsHeaderBits.Response);
        writer.AddQuestion(name, RRType.NS);
        writer.AddRecord(DnsSection.Answer, name, RRClass.IN, 60, new NameRecordData(RRType.NS, name));
        writer.AddRecord(DnsSection.Answer, name, RRClass.IN, 60, new NameRecordData(RRType.NS, name.Prepend("x"u8)));
        var message = DnsMessage.Parse(buffer.AsMemory(0, writer.Finish()));

        Assert.Equal(name, message.Questions[0].Name);
        Assert.Equal(name, message.Answers[0].Owner);
        Assert.Equal(text, message.Answers[0].GetData().ToString());
        Assert.Equal("x." + text, message.Answers[1].GetData().ToString());
    }

    [Fact]
    public void Reads_back_every_name_it_compressed()
    {
        // Few distinct labels, so suffixes repeat within and across names as often as possible.
        var label = Gen.OneOf("a", "b", "com", "A", "xn--e1a");
        var name = label.Array[0, 6].Select(labels => DomainName.Parse(labels.Length == 0 ? "." : string.Join('.', labels) + "."));
        name.Array[1, 8].Sample(names =>
        {
            var buffer = new byte[4096];
            var writer = new DnsMessageWriter(buffer);
            writer.WriteHeader(1, DnsHeaderBits.Response);
            writer.AddQuestion(names[0], RRType.NS);
            foreach (var owner in names)
            {
                writer.AddRecord(DnsSection.Answer, owner, RRClass.IN, 60, new NameRecordData(RRType.NS, names[^1]));
            }

            var message = DnsMessage.Parse(buffer.AsMemory(0, writer.Finish()));
            Assert.Equal(names[0], message.Questions[0].Name);
            for (var i = 0; i < names.Length; i++)
            {
                // Octet for octet, case included: compression only reuses identical suffixes.
                Assert.True(names[i].Wire.SequenceEqual(message.Answers[i].Owner.Wire), names[i].ToString());
                Assert.Equal(names[^1], ((NameRecordData)message.Answers[i].GetData()).Target);
            }
        }, iter: 5000);
    }

    [Fact]
    public void Does_not_compress_names_in_RDATA_of_newer_types()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(1, DnsHeaderBits.Response);
        var owner = DomainName.Parse("_sip._udp.example.");
        writer.AddQuestion(owner, RRType.SRV);
        writer.AddRecord(DnsSection.Answer, owner, RRClass.IN, 60, new SrvRecordData(0, 0, 5060, DomainName.Parse("example.")));
        var length = writer.Finish();
        var message = DnsMessage.Parse(buffer.AsMemory(0, length));
        var rdata = message.Answers[0].Rdata;
        Assert.Equal(6 + 9, rdata.Length);
        Assert.Equal(0, rdata[^1]);
    }

    [Fact]
    public void Puts_the_upper_RCODE_bits_into_OPT()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(9, DnsHeaderBits.Response, DnsOpcode.Query, DnsResponseCode.BadCookie);
        writer.AddQuestion(DomainName.Root, RRType.NS);
        writer.AddOpt(1232, false, [EdnsOption.Cookie([1, 2, 3, 4, 5, 6, 7, 8], [9, 9, 9, 9, 9, 9, 9, 9])]);
        var message = DnsMessage.Parse(buffer.AsMemory(0, writer.Finish()));
        Assert.Equal(DnsResponseCode.BadCookie, message.ResponseCode);
        Assert.Equal(new byte[] { 9, 9, 9, 9, 9, 9, 9, 9 }, message.Edns.ServerCookie.ToArray());
    }

    [Fact]
    public void Reads_NSID_and_Extended_DNS_Errors_from_OPT()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(9, DnsHeaderBits.Response, DnsOpcode.Query, DnsResponseCode.ServFail);
        writer.AddQuestion(DomainName.Parse("example."), RRType.A);
        writer.AddOpt(4096, true,
        [
            new EdnsOption(EdnsOptionCode.Nsid, "ns-a"u8.ToArray()),
            new EdnsOption(EdnsOptionCode.ExtendedDnsError, (byte[])[0, 6, .. "signature expired"u8]),
            new EdnsOption((EdnsOptionCode)65001, new byte[] { 0xAB }),
        ]);
        var message = DnsMessage.Parse(buffer.AsMemory(0, writer.Finish()));
        Assert.Equal("ns-a"u8.ToArray(), message.Edns.Nsid.ToArray());
        var ede = Assert.Single(message.Edns.GetExtendedErrors());
        Assert.Equal(new ExtendedDnsError(6, "signature expired"), ede);
        Assert.Equal(3, message.Edns.GetOptions().Count);
        Assert.Equal("; EDNS: version: 0, flags: do; udp: 4096\n; NSID: 6E732D61\n; EDE: 6 (\"signature expired\")\n; OPT=65001: AB", message.Edns.ToString());
    }

    [Fact]
    public void Prints_a_whole_message_as_dig_does()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(4660, DnsHeaderBits.Response | DnsHeaderBits.Authoritative, DnsOpcode.Query, DnsResponseCode.NXDomain);
        var zone = DomainName.Parse("example.");
        writer.AddQuestion(DomainName.Parse("nx.example."), RRType.A);
        writer.AddRecord(DnsSection.Authority, zone, RRClass.IN, 300, new SoaRecordData(DomainName.Parse("ns.example."), DomainName.Parse("h.example."), 1, 2, 3, 4, 5));
        writer.AddOpt(1232, true);
        var text = DnsMessage.Parse(buffer.AsMemory(0, writer.Finish())).ToString();

        Assert.Equal(
            ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 4660\n" +
            ";; flags: qr aa; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n\n" +
            ";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags: do; udp: 1232\n\n" +
            ";; QUESTION SECTION:\n;nx.example.\t\tIN\tA\n\n" +
            ";; AUTHORITY SECTION:\nexample.\t300\tIN\tSOA\tns.example. h.example. 1 2 3 4 5\n",
            text);
    }

    [Fact]
    public void Leaves_a_reused_view_empty_after_a_rejected_message()
    {
        var view = DnsMessage.Parse(new DnsQuery(DomainName.Parse("example."), RRType.A) { Id = 5 }.ToArray());
        Assert.Throws<DnsFormatException>(() => view.Load(new byte[] { 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0 }));
        Assert.Equal(0, view.Questions.Length);
        Assert.Equal(0, view.Id);
    }

    [Fact]
    public void Copies_compressed_owner_names_without_allocating()
    {
        var message = DnsMessage.Parse(SampleMessages.All[^1]);
        Span<byte> name = stackalloc byte[DomainName.MaxWireLength];
        message.CopyName(message.Answers[1].NameOffset, name);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var length = message.CopyName(message.Answers[1].NameOffset, name);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(DomainName.Parse("www.example.").Wire.ToArray(), name[..length].ToArray());
    }

    [Fact]
    public void Refuses_to_add_sections_out_of_order()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer);
        writer.AddRecord(DnsSection.Authority, DomainName.Root, RRClass.IN, 0, new UnknownRecordData((RRType)65280, ReadOnlyMemory<byte>.Empty));
        var threw = false;
        try
        {
            writer.AddRecord(DnsSection.Answer, DomainName.Root, RRClass.IN, 0, new UnknownRecordData((RRType)65280, ReadOnlyMemory<byte>.Empty));
        }
        catch (InvalidOperationException)
        {
            threw = true;
        }

        Assert.True(threw);
    }

    [Fact]
    public void Reuses_one_view_for_many_messages_without_allocating()
    {
        var query = new DnsQuery(DomainName.Parse("www.example."), RRType.A) { Id = 1, Edns = new EdnsQueryOptions() };
        var bytes = query.ToArray();
        var view = new DnsMessage();
        view.Load(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            view.Load(bytes);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1, view.Questions.Length);
    }

    [Fact]
    public void Checks_a_response_with_every_record_type_without_allocating()
    {
        var bytes = SampleMessages.All[^1];
        var view = new DnsMessage();
        view.Load(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            view.Load(bytes);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(view.Answers.Length > 10);
    }
}
