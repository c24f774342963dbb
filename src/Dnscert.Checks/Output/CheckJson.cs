using System.Text.Json;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Messages;

namespace Dnscert.Checks.Output;

/// <summary>
/// The <c>--json</c> output of <c>dnscert check</c>, schema <c>dnscert.check/1</c> (docs/check-json.md): each
/// message with its tag as a string, severity, module, check id, arguments, text and evidence with raw bytes.
/// </summary>
public static class CheckJson
{
    public const string Schema = "dnscert.check/1";

    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

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
        return JsonSerializer.Serialize(new
    {
        schema = Schema,
        zone = run.Zone.ToString(),
        language = texts.Language,
        started = run.Started,
        elapsed_ms = Math.Round(run.Elapsed.TotalMilliseconds),
        queries = run.Queries,
        servers = run.Facts.Servers.Select(s => new
        {
            name = s.Server.Name.ToString().ToLowerInvariant(),
            address = s.Server.Address.ToString(),
            answers = s.Answers,
            soa_serial = s.Soa?.Serial,
        }),
        messages = run.Messages.Select(m => new
        {
            check_id = m.CheckId,
            module = m.Module,
            tag = m.Tag.Name,
            severity = m.Severity.ToString().ToUpperInvariant(),
            threat_type = m.Tag.Threat?.Id,
            arguments = m.Arguments,
            text = texts.Text(m),
            advice = texts.Advice(m.Tag),
            evidence = m.Evidence.Select(e => new
            {
                server = e.Server,
                address = e.Address.ToString(),
                query = e.Query,
                transport = e.Transport,
                outcome = e.Outcome,
                elapsed_ms = Math.Round(e.Elapsed.TotalMilliseconds, 1),
                query_base64 = evidenceId is null ? Convert.ToBase64String(e.QueryBytes.Span) : null,
                response_base64 = evidenceId is null ? Convert.ToBase64String(e.ResponseBytes.Span) : null,
                evidence_id = evidenceId?.Invoke(e),
            }),
        }),
    }, s_json);
    }
}
