namespace IronSeal;

/// <summary>Remembers how to open sessions of <typeparamref name="T"/> (reflection or source-generated JSON).</summary>
internal sealed class IronSessionRegistration<T>(Func<ICookieStore, IronSessionOptions, CancellationToken, ValueTask<IronSession<T>>> open)
    where T : class
{
    public Func<ICookieStore, IronSessionOptions, CancellationToken, ValueTask<IronSession<T>>> Open { get; } = open;
}
