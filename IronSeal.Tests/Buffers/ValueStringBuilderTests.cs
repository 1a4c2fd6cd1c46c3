namespace IronSeal.Tests.Buffers;

public sealed class ValueStringBuilderTests
{
    [Test]
    public void Text_that_fills_the_stack_buffer_exactly_stays_on_the_stack()
    {
        var builder = new ValueStringBuilder(stackalloc char[8]);
        builder.Append("abcd");
        builder.Append("efgh");

        builder.IsRented.ShouldBeFalse();
        builder.Capacity.ShouldBe(8);
        builder.ToString().ShouldBe("abcdefgh");
    }

    [Test]
    public void Text_past_the_stack_buffer_moves_to_a_pooled_array_that_is_given_back_by_ToString()
    {
        var builder = new ValueStringBuilder(stackalloc char[8]);
        builder.Append("abcdefg");
        builder.Append("hi");
        builder.IsRented.ShouldBeTrue();
        builder.Capacity.ShouldBeGreaterThanOrEqualTo(16);
        builder.Append('j');
        builder.Append(-42);

        builder.ToString().ShouldBe("abcdefghij-42");
        builder.IsRented.ShouldBeFalse();
    }

    [Test]
    public void Growing_twice_keeps_every_character()
    {
        var builder = new ValueStringBuilder(stackalloc char[4]);
        var expected = new System.Text.StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            string piece = new((char)('a' + (i % 26)), i % 7);
            builder.Append(piece);
            builder.Append('|');
            expected.Append(piece).Append('|');
        }

        builder.ToString().ShouldBe(expected.ToString());
    }

    [Test]
    public void Ascii_bytes_are_appended_as_characters_on_the_stack_and_past_it_and_Dispose_gives_the_pool_back()
    {
        var builder = new ValueStringBuilder(stackalloc char[8]);
        builder.AppendAscii("Fe26.2**"u8);
        builder.IsRented.ShouldBeFalse();
        builder.Written.ToString().ShouldBe("Fe26.2**");

        builder.AppendAscii("1*abc~2"u8);
        builder.IsRented.ShouldBeTrue();
        builder.Written.ToString().ShouldBe("Fe26.2**1*abc~2");
        builder.Dispose();
        builder.IsRented.ShouldBeFalse();
    }
}
