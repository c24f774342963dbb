using System.Diagnostics;
using Dnscert.Lab.Runtime;

namespace Dnscert.IntegrationTests.Lab;

/// <summary>lab down stops only the lab's own programs, never a shell or wrapper that merely names the folder.</summary>
public sealed class DaemonProcessTests
{
    [Fact]
    public void A_shell_that_names_the_lab_folder_is_not_taken_for_a_lab_process()
    {
        var marker = Path.Combine(Path.GetTempPath(), "dnscert-marker-" + Guid.NewGuid().ToString("N"));
        using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 20", marker]) { UseShellExecute = false })!;
        try
        {
            Assert.False(DaemonProcess.IsOurs(shell.Id, marker));
            Assert.DoesNotContain(shell.Id, DaemonProcess.FindByMarker(marker));
        }
        finally
        {
            shell.Kill();
            shell.WaitForExit();
        }
    }
}
