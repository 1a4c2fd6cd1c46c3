namespace IronSeal;

/// <summary>Remembers how to open h3 sessions of <typeparamref name="T"/> (reflection or source-generated JSON).</summary>
internal sealed class H3SessionRegistration<T>(Func<ICookieStore, H3SessionOptions, Func<string, string?>, CancellationToken, ValueTask<H3Session<T>>> open)
    where T : class
{
    public Func<ICookieStore, H3SessionOptions, Func<string, string?>, CancellationToken, ValueTask<H3Session<T>>> Open { get; } = open;
}
