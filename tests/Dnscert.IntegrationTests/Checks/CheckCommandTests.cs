using System.Text.Json;
using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.IntegrationTests.Checks;

/// <summary><c>dnscert check</c> end to end: the real binary against the real lab.</summary>
public sealed class CheckCommandTests(LabFixture lab) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dnscert-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<ProcessOutput> Check(params string[] args) =>
        ProcessRunner.DnscertAsync(["check", .. args, "--hints", lab.HintsFile]);

    private static List<string> Tags(ProcessOutput output) =>
        [.. JsonDocument.Parse(output.Output).RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("tag").GetString()!)];

    [Fact]
    public async Task A_healthy_zone_exits_0_and_the_JSON_carries_schema_tags_and_evidence()
    {
        lab.RequireUp();
        var output = await Check("healthy-signed-ecdsa.test", "--json", "--profile", lab.CheckProfileFile);
        Assert.True(output.ExitCode == 0, output.ToString());
        var root = JsonDocument.Parse(output.Output).RootElement;
        Assert.Equal("dnscert.check/1", root.GetProperty("schema").GetString());
        Assert.Contains("B02_AUTH_RESPONSE_SOA", Tags(output));
        foreach (var m in root.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("severity").GetString() is "WARNING" or "ERROR" or "CRITICAL"))
        {
            Assert.True(m.GetProperty("evidence").GetArrayLength() > 0, $"{m.GetProperty("tag")} has no evidence");
        }
    }

    [Fact]
    public async Task Without_the_lab_profile_loopback_name_servers_are_an_ADDRESS01_error_and_the_profile_lowers_only_that_and_points_ASN_lookups_at_the_lab()
    {
        lab.RequireUp();
        var plain = await Check("healthy-signed-ecdsa.test", "--json");
        Assert.Equal(1, plain.ExitCode);
        var local = JsonDocument.Parse(plain.Output).RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("tag").GetString() == "A01_LOCAL_USE_ADDR");
        Assert.Equal("ERROR", local.GetProperty("severity").GetString());
        Assert.Contains("127.53.", local.GetProperty("arguments").GetProperty("ns_list").GetString(), StringComparison.Ordinal);

        var profiled = await Check("healthy-signed-ecdsa.test", "--json", "--profile", lab.CheckProfileFile);
        var lowered = JsonDocument.Parse(profiled.Output).RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("tag").GetString() == "A01_LOCAL_USE_ADDR");
        Assert.Equal("NOTICE", lowered.GetProperty("severity").GetString());
        // The profile's asn_base sends CONNECTIVITY03/04 to the lab's IP-to-ASN data; without it they ask
        // asnlookup.zonemaster.net, which the lab's root does not know. Every other tag is the same.
        Assert.Contains("EMPTY_ASN_SET", Tags(plain));
        Assert.Contains("IPV4_DIFFERENT_ASN", Tags(profiled));
        Assert.Contains("CN04_IPV4_DIFFERENT_PREFIX", Tags(profiled));
        string[] asnTags = ["EMPTY_ASN_SET", "CN04_EMPTY_PREFIX_SET", "IPV4_DIFFERENT_ASN", "CN04_IPV4_DIFFERENT_PREFIX"];
        Assert.Equal(Tags(plain).Except(asnTags).Order(), Tags(profiled).Except(asnTags).Order());
    }

    [Fact]
    public async Task A_profile_that_names_an_unknown_tag_is_refused_by_name()
    {
        var profile = Path.Combine(_dir, "bad-profile.json");
        await File.WriteAllTextAsync(profile, "{\"severity\": {\"NO_SUCH_TAG\": \"info\"}}", TestContext.Current.CancellationToken);
        var output = await ProcessRunner.DnscertAsync("check", "x.test", "--profile", profile);
        Assert.Equal(2, output.ExitCode);
        Assert.Contains("NO_SUCH_TAG", output.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_a_file_every_zone_is_checked_in_one_process_and_a_bad_line_is_reported_not_fatal()
    {
        lab.RequireUp();
        var list = Path.Combine(_dir, "zones.txt");
        await File.WriteAllLinesAsync(list, ["# lab zones", "healthy-unsigned.test", "", "not..a..name", "lame-delegation.test."], TestContext.Current.CancellationToken);
        var output = await Check("--from", list, "--json", "--profile", lab.CheckProfileFile);
        Assert.Equal(1, output.ExitCode);
        var runs = output.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["healthy-unsigned.test.", "lame-delegation.test."], runs.Select(r => r.GetProperty("zone").GetString()).Order(StringComparer.Ordinal));
        var lame = runs.Single(r => r.GetProperty("zone").GetString() == "lame-delegation.test.");
        Assert.Contains(lame.GetProperty("messages").EnumerateArray(), m => m.GetProperty("tag").GetString() == "IS_NOT_AUTHORITATIVE");
        Assert.Contains(":4: 'not..a..name' is not a domain name", output.Error, StringComparison.Ordinal);
        Assert.Contains("Checked 2 zones", output.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_runs_only_the_named_checks_or_modules_and_refuses_unknown_names()
    {
        lab.RequireUp();
        var output = await Check("healthy-signed-ecdsa.test", "--json", "--test", "Address", "--test", "DNSSEC07");
        var ids = JsonDocument.Parse(output.Output).RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("check_id").GetString()).ToHashSet();
        Assert.Equal(["ADDRESS01", "ADDRESS03", "DNSSEC07"], ids.Order(StringComparer.Ordinal));
        var wrong = await Check("healthy-signed-ecdsa.test", "--test", "NOPE99");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("NOPE99", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lame_delegation_exits_1_and_names_the_lame_server_in_text_output()
    {
        lab.RequireUp();
        var output = await Check("lame-delegation.test");
        Assert.Equal(1, output.ExitCode);
        Assert.Contains("IS_NOT_AUTHORITATIVE", output.Output, StringComparison.Ordinal);
        Assert.Contains("ns2.lame-delegation.test.", output.Output, StringComparison.Ordinal);
        Assert.Contains("evidence:", output.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zone_whose_servers_are_all_dead_ends_with_a_critical_message()
    {
        lab.RequireUp();
        var output = await Check("all-ns-dead.test", "--json");
        Assert.Equal(1, output.ExitCode);
        Assert.Contains("B02_NO_WORKING_NS", Tags(output));
    }

    [Fact]
    public async Task An_undelegated_check_uses_the_given_name_servers_instead_of_the_parent()
    {
        lab.RequireUp();
        var served = await Check("healthy-unsigned.test", "--json", "--ns", "ns1.healthy-unsigned.test/127.53.1.1", "--ns", "ns2.healthy-unsigned.test/127.53.1.2");
        Assert.Contains("B02_AUTH_RESPONSE_SOA", Tags(served));
        var notServed = await Check("not-yet-delegated.test", "--json", "--ns", "ns1.healthy-unsigned.test/127.53.1.1");
        Assert.Contains("B02_NO_WORKING_NS", Tags(notServed));
        Assert.Contains("NOT_ENOUGH_NS_DEL", Tags(notServed));
    }

    [Fact]
    public async Task A_recorded_run_replays_offline_with_identical_messages()
    {
        lab.RequireUp();
        var file = Path.Combine(_dir, "run.json");
        var live = await Check("soa-serial-differs.test", "--json", "--record", file);
        var replayed = await ProcessRunner.DnscertAsync("check", "soa-serial-differs.test", "--json", "--replay", file);
        Assert.True(replayed.ExitCode == live.ExitCode, replayed.ToString());
        static string Messages(ProcessOutput o) => JsonDocument.Parse(o.Output).RootElement.GetProperty("messages").GetRawText();
        Assert.Equal(Messages(live), Messages(replayed));
        Assert.Contains("MULTIPLE_SOA_SERIALS", Tags(replayed));
    }

    [Fact]
    public async Task A_damaged_recording_is_refused_with_one_line()
    {
        var file = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(file, """{"schema":"dnscert.recording/1","zone":"x.","roots":["127.53.0.1"],"exchanges":[{"key":"k","server":"127.53.0.1:53","protocol":"Udp","outcome":"answered","query":"!!","response":"AAAA"}]}""", TestContext.Current.CancellationToken);
        var output = await ProcessRunner.DnscertAsync("check", "x.test", "--replay", file);
        Assert.Equal(2, output.ExitCode);
        Assert.Contains("damaged", output.Error, StringComparison.Ordinal);
    }
}
