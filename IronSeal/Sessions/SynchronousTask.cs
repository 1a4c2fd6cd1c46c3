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

    /// <summary>As above, for work with a result.</summary>
    public static ValueTask<TResult> Run<TState, TResult>(TState state, Func<TState, TResult> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        try
        {
            return ValueTask.FromResult(work(state));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<TResult>(exception);
        }
    }
}
