using System.Diagnostics;
using Dnscert.Core;

namespace Dnscert.Reports.Rendering;

/// <summary>
/// Prints an HTML report to PDF with headless Chromium (Debian's <c>chromium</c>): the report has no scripts and no
/// external resources, so printing needs no network; the browser gets a private profile directory and a time limit.
/// </summary>
public static class PdfPrinter
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task PrintAsync(string html, string pdfPath, string chromium = "chromium", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pdfPath);
        var work = Directory.CreateTempSubdirectory("dnscert-report-");
        try
        {
            var htmlPath = Path.Combine(work.FullName, "report.html");
            await File.WriteAllTextAsync(htmlPath, html, cancellationToken).ConfigureAwait(false);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                "--user-data-dir=" + Path.Combine(work.FullName, "profile"), "--print-to-pdf=" + Path.GetFullPath(pdfPath), new Uri(htmlPath).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new DnscertException($"Could not start {chromium} to print the PDF.");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new DnscertException($"Could not start {chromium} to print the PDF ({ex.Message}); install Debian's chromium package.");
            }

            using (process)
            {
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Timeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw new DnscertException($"{chromium} did not print the PDF within {Timeout.TotalSeconds} s.");
                }

                if (process.ExitCode != 0 || !File.Exists(pdfPath))
                {
                    var text = await stderr.ConfigureAwait(false);
                    throw new DnscertException($"{chromium} failed to print the PDF (exit {process.ExitCode}): {text[..Math.Min(text.Length, 500)]}");
                }
            }
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A browser child may still hold the profile for a moment; the temp directory is cleaned by the OS.
            }
        }
    }
}
