using Dnscert.IntegrationTests.Exchange;
using Dnscert.IntegrationTests.Infrastructure;

namespace Dnscert.IntegrationTests.Campaigns;

/// <summary>
/// The real <c>dnscert</c> binary: <c>campaign create</c> sends the share through a real SMTP server (aiosmtpd on
/// 127.72.0.1), then list, show, ack, complete and remind, with TLP applied to <c>--as</c> users.
/// </summary>
public sealed class CampaignCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dnscert-campaign-cli-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_campaign_is_created_sent_and_followed_from_the_command_line_under_TLP()
    {
        TestEnvironment.RequireTools("aiosmtpd");
        await using var smtp = await LoopbackSmtpServer.StartAsync("127.72.0.1");
        var config = Path.Combine(_data, "dnscert.json");
        var key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        await File.WriteAllTextAsync(config, $$"""
            { "Dnscert": {
                "Smtp": { "Host": "{{smtp.BoundAddress}}", "Port": {{smtp.Port}}, "UseStartTls": false, "FromAddress": "cert@dnscert.example" },
                "Web": { "AcknowledgementKey": "{{key}}", "Campaigns": { "PublicUrl": "https://dnscert.example" } } } }
            """, TestContext.Current.CancellationToken);
        var list = Path.Combine(_data, "dga.txt");
        await File.WriteAllTextAsync(list, "a1.test\nb2.test\nb2.test\nnowhere.zz\n-bad-\u00e9\n", TestContext.Current.CancellationToken);

        await OkAsync("stakeholder", "import", "--sample");
        var env = new Dictionary<string, string> { ["DNSCERT_PASSWORD"] = "long enough password" };
        foreach (var (user, org) in new[] { ("rita", "registrar-alpha"), ("hugo", "cert-hexagone") })
        {
            var added = await ProcessRunner.RunAsync(TestEnvironment.DnscertProgram, ["user", "add", user, "--org", org, "--data", _data], environment: env);
            Assert.True(added.ExitCode == 0, added.ToString());
        }

        var noSmtp = await RunAsync("campaign", "create", "X", "--domains", list);
        Assert.Contains("set Dnscert:Web:AcknowledgementKey in --config", noSmtp.Error, StringComparison.Ordinal);

        var created = await RunAsync("campaign", "create", "DGA family Z", "--domains", list, "--tlp", "amber", "--due", "5d", "--config", config);
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = created.Output.Trim();
        Assert.Contains("5 name(s), 2 for 1 registries (registry-test 2); 1 without a registry, 1 rejected, 1 duplicate(s)", created.Error, StringComparison.Ordinal);
        Assert.Contains("Sent 1 message(s), 0 failed.", created.Error, StringComparison.Ordinal);
        var mail = Assert.Single(smtp.Messages());
        Assert.Equal("security@registry.example", mail.To.Mailboxes.Single().Address);
        Assert.Contains("https://dnscert.example/ack/campaign/", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(mail.Attachments, a => a.ContentType.MimeType == "text/csv");

        Assert.Contains($"{id}\tTLP:AMBER\t0/1 completed\t0 overdue\tDGA family Z", await OkAsync("campaign", "list"), StringComparison.Ordinal);
        Assert.Contains(id, await OkAsync("campaign", "list", "--as", "rita"), StringComparison.Ordinal); // AMBER constituent of the registry
        Assert.DoesNotContain(id, await OkAsync("campaign", "list", "--as", "hugo"), StringComparison.Ordinal);
        Assert.Contains($"there is no campaign {id}", (await RunAsync("campaign", "show", id, "--as", "hugo")).Error, StringComparison.Ordinal);
        Assert.Contains($"there is no campaign {id}", (await RunAsync("campaign", "ack", id, "registry-test", "--as", "hugo")).Error, StringComparison.Ordinal);

        Assert.Contains("registry-test is acknowledged", await OkAsync("campaign", "ack", id, "registry-test", "--note", "phone call"), StringComparison.Ordinal);
        Assert.Contains("No party is overdue.", (await RunAsync("campaign", "remind", id, "--config", config)).Error, StringComparison.Ordinal);
        Assert.Contains("registry-test is completed", await OkAsync("campaign", "complete", id, "registry-test"), StringComparison.Ordinal);
        var show = await OkAsync("campaign", "show", id);
        Assert.Contains("party registry-test: 2 name(s), completed, reminders 0", show, StringComparison.Ordinal);
        Assert.Contains("without a registry: nowhere.zz", show, StringComparison.Ordinal);
        Assert.Contains("duplicate: line 3: b2.test was given before", show, StringComparison.Ordinal);
        Assert.Contains("acknowledged: acknowledged by registry-test (phone call)", show, StringComparison.Ordinal);
        Assert.Contains("registry-test\t1\t1\t1\t", await OkAsync("campaign", "list"), StringComparison.Ordinal);
        Assert.Contains("not a due time", (await RunAsync("campaign", "create", "Y", "--domains", list, "--due", "tomorrow", "--config", config)).Error, StringComparison.Ordinal);
    }

    private Task<ProcessOutput> RunAsync(params string[] arguments) => ProcessRunner.DnscertAsync([.. arguments, "--data", _data]);

    private async Task<string> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }
}
