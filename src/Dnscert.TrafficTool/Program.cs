using Dnscert.TrafficTool;

return await TrafficToolApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
