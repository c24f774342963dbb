using System.Buffers;
using System.Text;
using System.Text.Json;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Messages;

namespace Dnscert.Checks.Output;

/// <summary>
/// The <c>--json</c> output of <c>dnscert check</c>, schema <c>dnscert.check/1</c> (docs/check-json.md): each
/// message with its tag as a string, severity, module, check id, arguments, text and evidence with raw bytes.
/// Written with <see cref="Utf8JsonWriter"/> rather than the reflection-based serializer: building the
/// serializer's metadata for the nested types cost tens of milliseconds of start-up in every one-zone run.
/// </summary>
public static class CheckJson
{
    public const string Schema = "dnscert.check/1";

    // One UTF-8 buffer and writer per thread, reused by every run: a run's JSON is about 30 KB, and a growing
    // MemoryStream left some 60 KB of garbage per run, which a profile of serve showed as 2 % of its CPU in the collector.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    // A buffer that grew past this (a huge run) is dropped after use rather than kept by the thread.
    private const int KeptBufferBytes = 256 * 1024;

    /// <param name="run">The run to write.</param>
    /// <param name="texts">The language of the texts and advice.</param>
    /// <param name="evidenceId">
    /// When given (the monitor's store), each evidence carries the id of its stored blob instead of its raw bytes,
    /// which are kept once in the evidence table rather than in every run's JSON.
    /// </param>
    public static string Serialize(CheckRun run, MessageTexts texts, Func<Evidence, string?>? evidenceId = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(texts);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(64 * 1024);
        // The writer's own nesting checks are skipped: this code is its only caller, and the unit tests parse its output.
        var w = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        buffer.ResetWrittenCount();
        w.Reset(buffer);
        try
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("zone", run.Zone.ToString());
            w.WriteString("language", texts.Language);
            w.WriteString("started", run.Started);
            w.WriteNumber("elapsed_ms", Math.Round(run.Elapsed.TotalMilliseconds));
            w.WriteNumber("queries", run.Queries);
            w.WriteStartArray("servers");
            foreach (var s in run.Facts.Servers)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Server.Name.ToString().ToLowerInvariant());
                w.WriteString("address", s.Server.Address.ToString());
                w.WriteBoolean("answers", s.Answers);
                if (s.Soa?.Serial is { } serial)
                {
                    w.WriteNumber("soa_serial", serial);
                }
                else
                {
                    w.WriteNull("soa_serial");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("messages");
            foreach (var m in run.Messages)
            {
                WriteMessage(w, m, texts, evidenceId);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            // Nothing of this run stays referenced by the thread; a writer left mid-document (an exception) is reset.
            w.Reset(Stream.Null);
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }
    }

    private static void WriteMessage(Utf8JsonWriter w, CheckMessage m, MessageTexts texts, Func<Evidence, string?>? evidenceId)
    {
        w.WriteStartObject();
        w.WriteString("check_id", m.CheckId);
        w.WriteString("module", m.Module);
        w.WriteString("tag", m.Tag.Name);
        w.WriteString("severity", m.Severity.ToString().ToUpperInvariant());
        w.WriteString("threat_type", m.Tag.Threat?.Id);
        w.WriteStartObject("arguments");
        foreach (var (name, value) in m.Arguments)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
        w.WriteString("text", texts.Text(m));
        w.WriteString("advice", texts.Advice(m.Tag));
        w.WriteStartArray("evidence");
        foreach (var e in m.Evidence)
        {
            w.WriteStartObject();
            w.WriteString("server", e.Server);
            w.WriteString("address", e.Address.ToString());
            w.WriteString("query", e.Query);
            w.WriteString("transport", e.Transport);
            w.WriteString("outcome", e.Outcome);
            w.WriteNumber("elapsed_ms", Math.Round(e.Elapsed.TotalMilliseconds, 1));
            w.WriteString("query_base64", evidenceId is null ? Convert.ToBase64String(e.QueryBytes.Span) : null);
            w.WriteString("response_base64", evidenceId is null ? Convert.ToBase64String(e.ResponseBytes.Span) : null);
            w.WriteString("evidence_id", evidenceId?.Invoke(e));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
