using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IronSeal.Tool;

/// <summary>
/// <c>ironseal inspect &lt;seal&gt; [--json]</c>: what a seal says about itself, without a password. Most refused
/// cookies are explained here already: expired, made with a password id the server no longer has, cut short by the
/// browser, or not a seal at all. The ciphertext stays closed.
/// </summary>
internal static class InspectCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "inspect";

    private const string JsonFlag = "--json";

    /// <summary>Prints the seal's fields as <c>key: value</c> lines, or as one JSON object with <c>--json</c>.</summary>
    /// <param name="arguments">The arguments after <c>inspect</c>.</param>
    /// <param name="context">The streams and the clock.</param>
    /// <returns><see cref="ExitCode.Ok"/>; a text that is not a seal throws <see cref="UsageException"/> (exit 2).</returns>
    public static int Run(IReadOnlyList<string> arguments, ToolContext context)
    {
        CommandArguments parsed = CommandArguments.Parse(Name, arguments, [JsonFlag], []);
        SealAnatomy seal = SealAnatomy.Parse(SealInput.Read(parsed.Single("<seal>"), context.Input));
        Expiry expiry = seal.GetExpiry(context.Clock.GetUtcNow());
        if (parsed.Has(JsonFlag))
        {
            context.Output.WriteLine(ToJson(seal, expiry).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            WriteLines(seal, expiry, context.Output);
        }

        return ExitCode.Ok;
    }

    private static void WriteLines(SealAnatomy seal, Expiry expiry, TextWriter output)
    {
        output.WriteLine($"prefix: {seal.Prefix}");
        output.WriteLine($"password id: {(seal.PasswordId.Length == 0 ? "(none: only a password with id \"default\" opens it)" : seal.PasswordId)}");
        output.WriteLine($"expires: {DescribeExpiration(seal)}");
        output.WriteLine($"expired: {DescribeExpiry(expiry)}");
        output.WriteLine($"seal length: {seal.SealLength}");
        string json = seal.CiphertextIsWholeBlocks
            ? $" (JSON of {seal.MinimumJsonBytes} to {seal.MaximumJsonBytes} bytes)"
            : " (not a whole number of AES blocks: it will not decrypt)";
        output.WriteLine($"ciphertext bytes: {seal.CiphertextBytes}{json}");
        output.WriteLine($"marker: {DescribeMarker(seal.Marker)}");
        output.WriteLine($"fields: {seal.FieldCount}");
    }

    private static string DescribeExpiration(SealAnatomy seal) =>
        seal.ExpirationField.Length == 0 ? "never"
        : seal.ExpiresAt is { } at ? FormatUtc(at)
        : seal.ExpiresAtMilliseconds is not null ? $"after the year 9999 ({seal.ExpirationField} ms)"
        : $"invalid: \"{seal.ExpirationField}\" is not milliseconds since 1970";

    private static string DescribeExpiry(Expiry expiry) => expiry switch
    {
        Expiry.Never => "no (never expires)",
        Expiry.Valid => "no",
        Expiry.WithinClockSkew => "no, but past its expiration: still accepted for up to 60 s (the clock skew iron allows)",
        Expiry.Expired => "yes (unseal refuses it: Expired)",
        _ => "unknown (unseal refuses it: InvalidExpiration)",
    };

    /// <summary>
    /// The marker is outside the MAC. IronSeal and iron-session 9 read every seal whole, marker or not; iron-session 8
    /// reads a seal without <c>~2</c> in next-iron-session's pre-v6 layout (only its <c>persistent</c> member), so a plain
    /// @hapi/iron or h3 seal reads as <c>{}</c> there. Worth a line when two apps disagree about one cookie.
    /// </summary>
    private static string DescribeMarker(string? marker) => marker switch
    {
        null => "none (a plain iron seal, as @hapi/iron, iron-webcrypto and h3 write it; IronSeal and iron-session 9 read it whole, iron-session 8 only its \"persistent\" member)",
        "" => "(empty text after '~')",
        _ => marker,
    };

    private static JsonObject ToJson(SealAnatomy seal, Expiry expiry) => new()
    {
        ["prefix"] = seal.Prefix,
        ["passwordId"] = seal.PasswordId,
        ["expirationField"] = seal.ExpirationField,
        ["expiration"] = seal.ExpiresAt is { } at ? FormatUtc(at) : null,
        ["expired"] = expiry switch
        {
            Expiry.Expired => true,
            Expiry.Invalid => null,
            _ => false,
        },
        ["expiry"] = JsonNamingPolicy.CamelCase.ConvertName(expiry.ToString()),
        ["sealLength"] = seal.SealLength,
        ["ciphertextBytes"] = seal.CiphertextBytes,
        ["marker"] = seal.Marker,
        ["fieldCount"] = seal.FieldCount,
    };

    /// <summary>ISO 8601 in UTC with milliseconds, the seal's own precision.</summary>
    private static string FormatUtc(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
