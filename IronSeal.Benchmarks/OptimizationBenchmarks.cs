using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;

namespace IronSeal.Benchmarks;

// One class per internal optimisation: the plain primitive it replaces (the baseline), the optimisation, and the
// operation it serves, all in one run, so docs/benchmarks.md can say what each saves of that operation.
// `dotnet run -c Release --project IronSeal.Benchmarks -- --filter '*Optimization*'`

/// <summary>Shared set-up: a small session, its seal and options.</summary>
public abstract class OptimizationBenchmark
{
    protected BenchSession Session { get; set; } = null!;

    protected SealOptions Options { get; private set; } = null!;

    protected string SealText { get; private set; } = null!;

    private protected PasswordEntry Entry { get; private set; } = null!;

    protected byte[] SaltBytes { get; } = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    [GlobalSetup]
    public virtual void Setup()
    {
        Session = Payloads.Create(Payload.Small);
        PasswordSet passwords = Payloads.Password;
        Options = new SealOptions { Password = passwords };
        SealText = Iron.Seal(Session, BenchJsonContext.Default.BenchSession, Options);
        Entry = passwords.Find("1")!;
    }

    /// <summary>The operation a seal-side optimisation serves: sealing a small session.</summary>
    protected string SealOperation() => Iron.Seal(Session, BenchJsonContext.Default.BenchSession, Options);


    /// <summary>The operation an open-side optimisation serves: opening a small session seen before.</summary>
    protected BenchSession UnsealOperation() => Iron.Unseal(SealText, BenchJsonContext.Default.BenchSession, Options);
}

/// <summary>Shared set-up of the repeat-open classes: the seal opened twice, so that the opened-seal cache keeps it.</summary>
public abstract class KeptSealOptimizationBenchmark : OptimizationBenchmark
{
    /// <summary>The kept seal's iron text (before the <c>~</c>).</summary>
    protected string KeptIron { get; private set; } = null!;

    public override void Setup()
    {
        base.Setup();
        UnsealOperation();
        UnsealOperation();
        KeptIron = SealText[..SealText.IndexOf('~')];
    }
}

/// <summary>Shared set-up of the session-layer classes: session options and a browser's Cookie header carrying the seal among other cookies.</summary>
public abstract class SessionOptimizationBenchmark : OptimizationBenchmark
{
    protected IronSessionOptions SessionOptions { get; private set; } = null!;

    protected string CookieHeader { get; private set; } = null!;

    public override void Setup()
    {
        base.Setup();
        SessionOptions = new IronSessionOptions { CookieName = "session", Password = Payloads.Password };
        CookieHeader = $"theme=dark; _ga=GA1.1.1234567890.1700000000; session={SealText}; locale=en-GB";
    }
}

/// <summary>Salts and IV (80 bytes per seal) from a per-thread buffer, against one system CSPRNG call per seal.</summary>
[MemoryDiagnoser]
public class RandomBytesOptimizationBenchmarks : OptimizationBenchmark
{
    private readonly byte[] _destination = new byte[80];

    [Benchmark(Baseline = true)]
    public void SystemRandomPerSeal() => RandomNumberGenerator.Fill(_destination);

    [Benchmark]
    public void BufferedRandom() => RandomBytes.Fill(_destination);

    [Benchmark]
    public string Operation_Seal() => SealOperation();
}

/// <summary>PBKDF2 as two HMAC blocks on a per-thread keyed HMAC, against the BCL's one-shot PBKDF2 (two per seal).</summary>
[MemoryDiagnoser]
public class KeyedHmacOptimizationBenchmarks : OptimizationBenchmark
{
    private readonly byte[] _key = new byte[32];
    private byte[] _secret = null!;

    public override void Setup()
    {
        base.Setup();
        _secret = Encoding.UTF8.GetBytes(Payloads.Password);
    }

    [Benchmark(Baseline = true)]
    public void OneShotPbkdf2() => Rfc2898DeriveBytes.Pbkdf2(_secret, SaltBytes, _key, 1, HashAlgorithmName.SHA1);

    [Benchmark]
    public void KeyedHmacPerThread() => KeyDerivation.DeriveKey(Entry, SaltBytes, _key);

    [Benchmark]
    public string Operation_Seal() => SealOperation();
}

/// <summary>The opened-seal cache's slot picked by hashing the seal's MAC field, against hashing the whole seal text.</summary>
[MemoryDiagnoser]
public class OpenedSealSlotOptimizationBenchmarks : KeptSealOptimizationBenchmark
{

    [Benchmark(Baseline = true)]
    public int HashWholeSeal() => string.GetHashCode(KeptIron);

    [Benchmark]
    public int HashMacField() => string.GetHashCode(KeptIron.AsSpan(KeptIron.LastIndexOf('*') + 1));

    [Benchmark]
    public BenchSession Operation_UnsealAgain() => UnsealOperation();
}

/// <summary>
/// A repeat read of a kept plaintext already found free of repeated keys, skipping the duplicate-key scan, against
/// scanning it again.
/// </summary>
[MemoryDiagnoser]
public class KnownUniqueKeysOptimizationBenchmarks : OptimizationBenchmark
{
    private byte[] _json = null!;

    public override void Setup()
    {
        base.Setup();
        _json = Payloads.Json(Session);
    }

    [Benchmark(Baseline = true)]
    public BenchSession? ScanEveryRead() => JsonPayload.TryRead(_json, true, BenchJsonContext.Default.BenchSession, keysKnownUnique: false, out _, out BenchSession? value, out _) ? value : null;

    [Benchmark]
    public BenchSession? SkipKnownUnique() => JsonPayload.TryRead(_json, true, BenchJsonContext.Default.BenchSession, keysKnownUnique: true, out _, out BenchSession? value, out _) ? value : null;

    [Benchmark]
    public BenchSession Operation_UnsealAgain() => UnsealOperation();
}

/// <summary>
/// JSON.stringify escaping with a vectorised search for the next character to escape, against the same encoder
/// without it (the base class then decodes and tests scalar by scalar).
/// </summary>
[MemoryDiagnoser]
public class EscapeScanOptimizationBenchmarks : OptimizationBenchmark
{
    private JsonTypeInfo<BenchSession> _scalarScan = null!;
    private JsonTypeInfo<BenchSession> _vectorScan = null!;

    [Params(Payload.Small, Payload.OneKb)]
    public Payload Payload { get; set; }

    public override void Setup()
    {
        base.Setup();
        Session = Payloads.Create(Payload);
        _scalarScan = TypeInfo(ScalarScanEncoder.Instance);
        _vectorScan = TypeInfo(StringifyEncoder.Instance);
    }

    [Benchmark(Baseline = true)]
    public int ScalarScan() => Write(_scalarScan);

    [Benchmark]
    public int VectorisedScan() => Write(_vectorScan);

    [Benchmark]
    public string Operation_Seal() => SealOperation();

    private int Write(JsonTypeInfo<BenchSession> typeInfo)
    {
        using var buffer = new PooledByteWriter();
        JsonPayload.Write(buffer, Session, typeInfo);
        return buffer.WrittenSpan.Length;
    }

    private static JsonTypeInfo<BenchSession> TypeInfo(JavaScriptEncoder encoder)
    {
        var context = new BenchJsonContext(new JsonSerializerOptions(BenchJsonContext.Default.Options) { Encoder = encoder });
        return context.BenchSession;
    }

    /// <summary>StringifyEncoder's escaping rules without its vectorised search overrides.</summary>
    private sealed class ScalarScanEncoder : JavaScriptEncoder
    {
        public static readonly ScalarScanEncoder Instance = new();

        public override int MaxOutputCharactersPerInputCharacter => 6;

        public override bool WillEncode(int unicodeScalar) => StringifyEncoder.Instance.WillEncode(unicodeScalar);

        public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
        {
            for (int i = 0; i < textLength; i++)
            {
                if (WillEncode(text[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
            StringifyEncoder.Instance.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
    }
}

/// <summary>A session's Set-Cookie header built in a stack buffer, against a StringBuilder, and the save it serves.</summary>
[MemoryDiagnoser]
public class CookieHeaderOptimizationBenchmarks : SessionOptimizationBenchmark
{
    private CookieAttributes _attributes = null!;

    public override void Setup()
    {
        base.Setup();
        _attributes = SessionOptions.Cookie with { MaxAge = TimeSpan.FromSeconds(1209540) };
    }

    [Benchmark(Baseline = true)]
    public string StringBuilderHeader()
    {
        var header = new StringBuilder();
        header.Append("session").Append('=').Append(SealText).Append("; Max-Age=").Append(1209540)
            .Append("; Path=/").Append("; HttpOnly").Append("; Secure").Append("; SameSite=Lax");
        return header.ToString();
    }

    [Benchmark]
    public string StackBufferHeader() => CookieSerializer.Serialize("session", SealText, _attributes);

    [Benchmark]
    public string Operation_SessionSave()
    {
        var store = new HeaderCookieStore(null);
        IronSession<BenchSession> session = IronSession.GetAsync(store, SessionOptions, BenchJsonContext.Default.BenchSession).GetAwaiter().GetResult();
        session.Data = Session;
        session.SaveAsync().GetAwaiter().GetResult();
        return store.SetCookieHeaders[0];
    }
}

/// <summary>
/// A save handing the seal to the store as characters in a buffer (<c>ICookieStore.Set</c> takes a span), against a
/// store that makes a string of them before it writes the header, as every save did before the span contract.
/// </summary>
[MemoryDiagnoser]
public class SpanCookieValueOptimizationBenchmarks : SessionOptimizationBenchmark
{
    [Benchmark(Baseline = true)]
    public void ReadChangeSaveThroughStringSet() => SessionRequestBenchmarks.ReadChangeSave(new StringSetStore(CookieHeader), SessionOptions);

    [Benchmark]
    public void ReadChangeSaveThroughSpanSet() => SessionRequestBenchmarks.ReadChangeSave(new HeaderCookieStore(CookieHeader), SessionOptions);

    private H3SessionOptions _h3Options = null!;
    private string _h3Header = null!;

    public override void Setup()
    {
        base.Setup();
        _h3Options = new H3SessionOptions { Name = "h3", Password = Payloads.Password, Version = H3Version.V2 };
        var first = new HeaderCookieStore(null);
        H3ReadChangeSave(first, _h3Options);
        _h3Header = "theme=dark; " + first.SetCookieHeaders[0].Split(';')[0];
    }

    [Benchmark]
    public void H3ReadChangeSaveThroughStringSet() => H3ReadChangeSave(new StringSetStore(_h3Header), _h3Options);

    [Benchmark]
    public void H3ReadChangeSaveThroughSpanSet() => H3ReadChangeSave(new HeaderCookieStore(_h3Header), _h3Options);

    private static void H3ReadChangeSave(ICookieStore store, H3SessionOptions options)
    {
        H3Session<BenchSession> session = H3Session.GetAsync(store, options, BenchJsonContext.Default.BenchSession).GetAwaiter().GetResult();
        session.Data.Visits++;
        session.SaveAsync().GetAwaiter().GetResult();
    }

    /// <summary>A store that makes a string of every value before it writes the header.</summary>
    private sealed class StringSetStore(string header) : ICookieStore
    {
        private readonly HeaderCookieStore _inner = new(header);

        public string RequestCookieHeader => header;

        public void Set(string name, ReadOnlySpan<char> value, CookieAttributes attributes) => _inner.Set(name, value.ToString(), attributes);
    }
}
