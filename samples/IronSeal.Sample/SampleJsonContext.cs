using System.Text.Json;
using System.Text.Json.Serialization;

namespace IronSeal.Sample;

public sealed record SessionResponse(bool Authenticated, SessionUser? User);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AppSession))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(SessionUser))]
[JsonSerializable(typeof(MagicLinkToken))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
