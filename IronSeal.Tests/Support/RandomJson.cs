using System.Text;
using System.Text.Json.Nodes;

namespace IronSeal.Tests.Support;

/// <summary>Random JSON documents for round trips: unicode (BMP and astral), controls, numbers, nesting.</summary>
internal static class RandomJson
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.~*<>&'\"\\/%;=,";
    private static readonly string[] s_unicode = ["é", "ü", "ß", "日本", "😀", "👩‍💻", "\u2028", "\ufeff", "\u0001", "\n", "\t", "\u007f", "e\u0301", "Ω"];

    public static JsonObject Document(Random random, int maxDepth = 3)
    {
        var document = new JsonObject();
        int count = random.Next(0, 8);
        for (int i = 0; i < count; i++)
        {
            string key = random.Next(6) == 0 ? random.Next(0, 100).ToString(System.Globalization.CultureInfo.InvariantCulture) : Text(random, 1, 12);
            document[key] = Value(random, maxDepth);
        }

        return document;
    }

    public static JsonNode? Value(Random random, int depth)
    {
        switch (random.Next(depth > 0 ? 9 : 7))
        {
            case 0: return null;
            case 1: return random.Next(2) == 0;
            case 2: return random.Next(int.MinValue, int.MaxValue);
            case 3: return Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 20)), random.Next(0, 6));
            case 4:
            case 5:
            case 6: return Text(random, 0, 40);
            case 7:
                var array = new JsonArray();
                for (int i = random.Next(0, 5); i > 0; i--)
                {
                    array.Add(Value(random, depth - 1));
                }

                return array;
            default: return Document(random, depth - 1);
        }
    }

    public static string Text(Random random, int minLength, int maxLength)
    {
        var text = new StringBuilder();
        int length = random.Next(minLength, maxLength + 1);
        while (text.Length < length)
        {
            text.Append(random.Next(5) == 0 ? s_unicode[random.Next(s_unicode.Length)] : Alphabet[random.Next(Alphabet.Length)].ToString());
        }

        return text.ToString();
    }

    /// <summary>Semantic equality of two JSON values: numbers by value, object keys in any order.</summary>
    public static bool SameJson(JsonNode? left, JsonNode? right) =>
        JsonNode.DeepEquals(JsonNode.Parse(left?.ToJsonString() ?? "null"), JsonNode.Parse(right?.ToJsonString() ?? "null"));
}
