namespace Dnscert.Store.Writing;

/// <summary>One queued write: what to run inside the batch's transaction, and the caller's task that completes at commit.</summary>
internal sealed class WriteOperation
{
    private object? _result;

    public WriteOperation(string name, Func<WriteContext, CancellationToken, Task<object?>> execute)
    {
        Name = name;
        Execute = execute;
    }

    public string Name { get; }

    public Func<WriteContext, CancellationToken, Task<object?>> Execute { get; }

    // Continuations run on the thread pool, not on the writer's loop.
    public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task RunAsync(WriteContext context, CancellationToken cancellationToken) =>
        _result = await Execute(context, cancellationToken);

    public void Committed() => Completion.TrySetResult(_result);
}
