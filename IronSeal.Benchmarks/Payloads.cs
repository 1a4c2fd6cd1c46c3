using System.Text.Json;
using System.Text.Json.Serialization;

namespace IronSeal.Benchmarks;

/// <summary>Session data of three sizes: a small session (~110 bytes of JSON), ~1 KB, and ~2.8 KB (near the cookie limit).</summary>
public sealed class BenchSession
{
    public string UserId { get; set; } = "";

    public string Role { get; set; } = "";

    public string CartId { get; set; } = "";

    public string Csrf { get; set; } = "";

    public string? Notes { get; set; }

    public int Visits { get; set; }
}

public enum Payload
{
    Small,
    OneKb,
    NearLimit,
}

public static class Payloads
{
    public const string Password = "a-benchmark-password-of-at-least-32-characters";

    public static BenchSession Create(Payload payload) => new()
    {
        UserId = "user_8f2c1a9e",
        Role = "editor",
        CartId = "cart_31b7d4",
        Csrf = "qQ3nB7x1Zr8uV0kLm2Pw9sYt4Hc6JdEf",
        Notes = payload switch
        {
            Payload.OneKb => new string('n', 900),
            Payload.NearLimit => new string('n', 2_700),
            _ => null,
        },
    };

    public static byte[] Json(BenchSession session) => JsonSerializer.SerializeToUtf8Bytes(session, BenchJsonContext.Default.BenchSession);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BenchSession))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
public sealed partial class BenchJsonContext : JsonSerializerContext;
