using Dnscert.Cli;

return await DnscertApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
