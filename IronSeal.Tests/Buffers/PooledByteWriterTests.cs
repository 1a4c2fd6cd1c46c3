namespace IronSeal.Tests.Buffers;

public sealed class PooledByteWriterTests
{
    [Test]
    public void The_pooled_writer_keeps_every_byte_through_growth_and_reset()
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
        writer.Reset();
        writer.WrittenSpan.Length.ShouldBe(0);
        writer.GetSpan()[0] = 42;
        writer.Advance(1);
        writer.WrittenSpan.ToArray().ShouldBe([(byte)42]);
    }
}
