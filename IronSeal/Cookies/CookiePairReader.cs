namespace IronSeal;

/// <summary>
/// Walks the <c>name=value</c> pairs of a <c>Cookie</c> header in order, exactly as the npm <c>cookie</c> package
/// (2.x <c>parseCookie</c>) finds them. The one scanner behind <see cref="CookieParser.Parse(string)"/> and
/// <see cref="CookieParser.Get(ReadOnlySpan{char}, ReadOnlySpan{char})"/>.
/// </summary>
internal ref struct CookiePairReader
{
    private readonly ReadOnlySpan<char> _header;
    private int _index;

    public CookiePairReader(ReadOnlySpan<char> header)
    {
        _header = header;

        // A pair needs at least a name character or '=' plus something: shorter headers hold nothing ("=" gives {}).
        _index = header.Length < 2 ? header.Length : 0;
    }

    /// <summary>The current pair's name, trimmed of SP and HTAB only.</summary>
    public ReadOnlySpan<char> Name { get; private set; }

    /// <summary>The current pair's raw value, trimmed of SP and HTAB only, not decoded.</summary>
    public ReadOnlySpan<char> Value { get; private set; }

    public bool MoveNext()
    {
        while (_index < _header.Length)
        {
            ReadOnlySpan<char> rest = _header[_index..];
            int equals = rest.IndexOf('=');
            if (equals < 0)
            {
                _index = _header.Length;
                return false;
            }

            int semicolon = rest.IndexOf(';');
            int end = semicolon < 0 ? rest.Length : semicolon;
            if (equals > end)
            {
                // Segments without '=' are skipped in one jump: restart after the last ';' before this '='.
                _index += rest[..equals].LastIndexOf(';') + 1;
                continue;
            }

            Name = Trim(rest[..equals]);
            Value = Trim(rest[(equals + 1)..end]);
            _index += end + 1;
            return true;
        }

        return false;
    }

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> text) => text.Trim(" \t");
}
