using System.Text.Json;
using System.Text.Json.Serialization;

namespace IronSeal.Tests.Support;

public sealed class UserSession
{
    public string? UserId { get; set; }

    public string? Role { get; set; }

    public bool IsLoggedIn { get; set; }

    public List<string> Cart { get; set; } = [];
}

public sealed record MagicLink(string Email, int Attempt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UserSession))]
[JsonSerializable(typeof(MagicLink))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
