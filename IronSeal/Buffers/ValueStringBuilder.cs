using System.Buffers;
using System.Globalization;

namespace IronSeal;

/// <summary>Builds a string in a caller's stack buffer, moving to pooled arrays if it outgrows it: one allocation, the result.</summary>
internal ref struct ValueStringBuilder
{
    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public ValueStringBuilder(Span<char> initial)
    {
        _chars = initial;
        _rented = null;
        _length = 0;
    }

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        // Stryker disable once all : growing one call early changes memory, not text
        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    public void Append(long value)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        Append(digits[..written]);
    }

    public override string ToString()
    {
        string result = new(_chars[.._length]);
        ReturnRented();
        return result;
    }

    private void Grow(int needed)
    {
        // Stryker disable once all : doubling only spares later copies; what is needed is always there
        char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + needed));
        _chars[.._length].CopyTo(larger);
        ReturnRented();
        _rented = larger;
        _chars = larger;
    }

    // Stryker disable all : returning a buffer leaves no trace a test could observe
    private void ReturnRented()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
