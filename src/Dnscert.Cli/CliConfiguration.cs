using Dnscert.Core;
using Microsoft.Extensions.Configuration;

namespace Dnscert.Cli;

/// <summary>Reads the <c>--config</c> JSON file into typed, validated option sections.</summary>
internal static class CliConfiguration
{
    public static IConfiguration Load(FileInfo? file)
    {
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new DnscertException($"configuration file '{file.FullName}' does not exist.");
            }

            builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        }

        try
        {
            return builder.Build();
        }
        catch (FormatException ex)
        {
            throw new DnscertException($"configuration file '{file?.FullName}' is not valid JSON: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new DnscertException($"configuration file '{file?.FullName}' is not valid: {ex.Message}", ex);
        }
    }

    public static T Bind<T>(IConfiguration configuration, string section, Func<T, IReadOnlyList<string>> check)
        where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            // Inside a list (Dnscert:Incidents:Rules) the binder wraps the error that names the key: show both.
            var detail = ex.InnerException is InvalidOperationException inner ? $"{ex.Message} {inner.Message}" : ex.Message;
            throw new DnscertException($"configuration section {section}: {detail}", ex);
        }

        var problems = check(options);
        return problems.Count == 0 ? options : throw new DnscertException($"configuration: {string.Join(" ", problems)}");
    }
}
