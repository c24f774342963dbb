using System.Diagnostics;
using System.Net.Sockets;
using Dnscert.Core.Store;
using Dnscert.IntegrationTests.Infrastructure;
using Dnscert.Store;
using Dnscert.Traffic.Dnstap;
using Dnscert.Traffic.Generator;

namespace Dnscert.IntegrationTests.Traffic;

/// <summary>
/// The real <c>dnscert traffic listen --store</c>: a generated dnstap stream with attacks goes over its unix socket with
/// the Frame Streams handshake; after an interrupt the store holds one capture with every message, the per-minute
/// buckets, and as many detection windows as <c>traffic detect</c> finds in the same stream.
/// </summary>
public sealed class ListenStoreTests
{
    [Fact]
    public async Task A_listener_session_is_stored_with_every_message_bucket_and_detection()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("dnscert-listen-store-");
        try
        {
            var file = Path.Combine(directory.FullName, "session.dnstap");
            var script = TrafficGenerator.Build(3, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(3), TrafficGenerator.Attacks, 60);
            int messages;
            await using (var output = File.Create(file))
            {
                messages = await TrafficGenerator.WriteAsync(script, TrafficGeneratorFormat.Dnstap, output, ct);
            }

            Assert.InRange(messages, 1, 60_000); // under the listener's queue of 65 536 frames: nothing may be dropped
            var detect = await ProcessRunner.DnscertAsync("traffic", "detect", file);
            Assert.True(detect.ExitCode == 0, detect.ToString());
            var detections = detect.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.True(detections > 0, "the generated attacks must be detected");

            var socket = Path.Combine(directory.FullName, "dnstap.sock");
            var data = Path.Combine(directory.FullName, "data");
            using var listen = Process.Start(new ProcessStartInfo(TestEnvironment.DnscertProgram, ["traffic", "listen", "--dnstap", "unix:" + socket, "--store", "--data", data])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stdout = listen.StandardOutput.ReadToEndAsync(ct);
            var stderr = listen.StandardError.ReadToEndAsync(ct);
            try
            {
                var deadline = Stopwatch.StartNew();
                while (!File.Exists(socket))
                {
                    Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30) && !listen.HasExited, "traffic listen did not create its socket");
                    await Task.Delay(100, ct);
                }

                await SendAsync(file, socket, ct);
                // Let the listener drain its queue, then interrupt it as a person would (Ctrl-C).
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
                Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-INT", listen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ExitCode);
                await listen.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
            }
            finally
            {
                if (!listen.HasExited)
                {
                    listen.Kill(entireProcessTree: true);
                }
            }

            Assert.True(listen.ExitCode == 0, $"exit {listen.ExitCode}\n{await stdout}\n{await stderr}");
            await using var store = await StoreFactory.OpenAsync(new StoreOptions { DataDirectory = data }, cancellationToken: ct);
            var capture = Assert.Single(await store.Traffic.ListAsync(Viewer.System, 10, ct));
            Assert.Equal("dnstap unix:" + socket, capture.Source);
            var detail = await store.Traffic.GetAsync(capture.Id, Viewer.System, ct);
            Assert.NotNull(detail);
            Assert.Equal(messages, capture.Summary.Messages);
            Assert.Equal(messages, detail.Buckets.Sum(b => b.Messages));
            Assert.InRange(detail.Buckets.Count, 3, 4);
            Assert.Equal(detections, capture.Summary.Detections);
            Assert.Equal(detections, detail.Detections.Count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Replays the data frames of a dnstap file over the socket with the bidirectional handshake.</summary>
    private static async Task SendAsync(string file, string socket, CancellationToken ct)
    {
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
        await using var stream = new NetworkStream(client);
        var writer = new FrameStreamWriter(stream);
        var reader = new FrameStreamReader(stream);
        await writer.WriteControlAsync(FrameStreamControl.Ready, FrameStreamReader.DnstapContentType, ct);
        Assert.Equal(FrameStreamControl.Accept, (await reader.ReadFrameAsync(ct)).Control);
        await writer.WriteControlAsync(FrameStreamControl.Start, FrameStreamReader.DnstapContentType, ct);
        await using (var input = File.OpenRead(file))
        {
            var source = new FrameStreamReader(input);
            await source.ExpectStartAsync(ct);
            while (await source.ReadFrameAsync(ct) is { Control: null } frame)
            {
                await writer.WriteDataAsync(frame.Data, ct);
            }
        }

        await writer.WriteControlAsync(FrameStreamControl.Stop, null, ct);
        Assert.Equal(FrameStreamControl.Finish, (await reader.ReadFrameAsync(ct)).Control);
    }
}
