namespace IronSeal.Tests.Buffers;

public sealed class PooledByteWriterTests
{
    [Test]
    public void The_pooled_writer_keeps_every_byte_through_growth()
    {
        using var writer = new PooledByteWriter(initialCapacity: 16);
        var expected = new List<byte>();
        var random = new Random(5);
        for (int i = 0; i < 200; i++)
        {
            byte[] chunk = new byte[random.Next(0, 300)];
            random.NextBytes(chunk);
            Span<byte> target = i % 2 == 0 ? writer.GetSpan(chunk.Length) : writer.GetMemory(chunk.Length).Span;
            target.Length.ShouldBeGreaterThanOrEqualTo(Math.Max(chunk.Length, 1));
            chunk.CopyTo(target);
            writer.Advance(chunk.Length);
            expected.AddRange(chunk);
        }

        writer.WrittenSpan.ToArray().ShouldBe(expected);
    }

    [Test]
    public void A_request_that_fits_exactly_keeps_the_array_and_one_byte_more_grows_it()
    {
        using var writer = new PooledByteWriter(initialCapacity: 256);
        int capacity = writer.Capacity;
        writer.Advance(10);

        writer.GetSpan(capacity - 10).Length.ShouldBe(capacity - 10);
        writer.Capacity.ShouldBe(capacity);
        writer.GetMemory(capacity - 9).Length.ShouldBeGreaterThanOrEqualTo(capacity - 9);
        writer.Capacity.ShouldBe(capacity * 2);
    }

    [Test]
    public void A_full_writer_asked_for_no_size_still_gives_room()
    {
        using var writer = new PooledByteWriter(initialCapacity: 16);
        writer.Advance(writer.Capacity);

        writer.GetSpan().Length.ShouldBeGreaterThan(0);
    }

    [Test]
    public void Disposing_gives_the_array_back()
    {
        var writer = new PooledByteWriter();
        writer.GetSpan(3)[0] = 1;
        writer.Advance(1);

        writer.Dispose();

        writer.Capacity.ShouldBe(0);
    }
}
