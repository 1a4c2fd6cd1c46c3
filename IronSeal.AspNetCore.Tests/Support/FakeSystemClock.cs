using Microsoft.Extensions.Internal;

namespace IronSeal.AspNetCore.Tests.Support;

/// <summary>The memory cache's clock, driven by a fake time provider.</summary>
internal sealed class FakeSystemClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
