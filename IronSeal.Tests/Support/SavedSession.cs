using System.Text.Json.Nodes;

namespace IronSeal.Tests.Support;

/// <summary>
/// The app's data in a saved iron-session seal: the JSON with the two members every save adds for the session itself
/// (<c>_ironseal_iat</c>, <c>_ironseal_sid</c>) taken out after checking they are there, so tests of the data compare
/// the data alone.
/// </summary>
internal static class SavedSession
{
    public static string AppJson(string seal, SealOptions options) => WithoutStamp(Iron.Unseal<JsonObject>(seal, options)).ToJsonString();

    /// <summary>The data of a session IronSeal saved, as read by any reader (a Node app's session object): the two members taken out.</summary>
    public static JsonObject WithoutStamp(JsonObject json)
    {
        if (json["_ironseal_iat"] is null || json["_ironseal_sid"] is null)
        {
            throw new InvalidOperationException($"A saved session carries _ironseal_iat and _ironseal_sid: {json.ToJsonString()}");
        }

        json.Remove("_ironseal_iat");
        json.Remove("_ironseal_sid");
        return json;
    }
}
