namespace IronSeal;

/// <summary>
/// Runs the synchronous work behind an asynchronous session method, with what callers of any async method expect: a
/// canceled token gives a canceled task, and an exception is carried by the returned task, never thrown by the call.
/// </summary>
internal static class SynchronousTask
{
    public static ValueTask Run<TState>(TState state, Action<TState> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        try
        {
            work(state);
            return ValueTask.CompletedTask;
        }
        catch (Exception exception)
        {
            return ValueTask.FromException(exception);
        }
    }
}
