using System.Buffers;
using System.Globalization;
using System.Text;

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

    /// <summary>True while the text lives in a pooled array (for tests of the buffer policy).</summary>
    internal readonly bool IsRented => _rented is not null;

    /// <summary>The room the current buffer has (for tests of the buffer policy).</summary>
    internal readonly int Capacity => _chars.Length;

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
        if (!text.TryCopyTo(_chars[_length..]))
        {
            Grow(text.Length);
            text.CopyTo(_chars[_length..]);
        }

        _length += text.Length;
    }

    /// <summary>Appends ASCII bytes as the characters they are (the bytes must be ASCII).</summary>
    public void AppendAscii(scoped ReadOnlySpan<byte> ascii)
    {
        if (_chars.Length - _length < ascii.Length)
        {
            Grow(ascii.Length);
        }

        _length += Encoding.ASCII.GetChars(ascii, _chars[_length..]);
    }

    /// <summary>What has been appended so far, valid until the next append or <see cref="Dispose"/>.</summary>
    public readonly ReadOnlySpan<char> Written => _chars[.._length];

    /// <summary>Gives back a pooled array, for a builder whose text was used through <see cref="Written"/> rather than <see cref="ToString"/>.</summary>
    public void Dispose() => ReturnRented();

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
        // The pool rounds the size up to a power of two, which already at least doubles a full buffer.
        char[] larger = ArrayPool<char>.Shared.Rent(_length + needed);
        _chars[.._length].CopyTo(larger);
        ReturnRented();
        _rented = larger;
        _chars = larger;
    }

    private void ReturnRented()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
