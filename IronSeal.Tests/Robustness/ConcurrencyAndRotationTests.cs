using System.Collections.Concurrent;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Robustness;

/// <summary>
/// Many threads seal, unseal and save sessions with shared options while the password set is rotated under them:
/// nothing is lost, nothing crosses between sessions.
/// </summary>
public sealed class ConcurrencyAndRotationTests
{
    [Test]
    public async Task Sessions_survive_a_password_rotation_under_load_and_never_cross()
    {
        IronSessionOptions before = new() { CookieName = "sid", Password = TestPasswords.One };
        IronSessionOptions after = before with { Password = new Dictionary<string, string> { ["2"] = TestPasswords.Two, ["1"] = TestPasswords.One } };
        IronSessionOptions current = before;
        var failures = new ConcurrentBag<string>();
        var jars = new ConcurrentDictionary<int, string>();

        await Parallel.ForAsync(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            if (i == 2_000)
            {
                Volatile.Write(ref current, after); // the deploy that adds password 2
            }

            IronSessionOptions options = Volatile.Read(ref current);
            int user = i % 500;
            var store = new HeaderCookieStore(jars.TryGetValue(user, out string? cookie) ? cookie : null);
            IronSession<UserSession> session = await IronSession.GetAsync<UserSession>(store, options);
            if (session.Data.UserId is { } seen && seen != $"user-{user}")
            {
                failures.Add($"request {i}: user {user} saw {seen}");
            }

            session.Data.UserId = $"user-{user}";
            session.Data.Cart.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (session.Data.Cart.Count > 5)
            {
                session.Data.Cart.RemoveAt(0);
            }

            await session.SaveAsync();
            jars[user] = store.SetCookieHeaders[0].Split(';')[0];
        });

        failures.ShouldBeEmpty();
        foreach ((int user, string cookie) in jars)
        {
            IronSession<UserSession> session = await IronSession.GetAsync<UserSession>(new HeaderCookieStore(cookie), after);
            session.Data.UserId.ShouldBe($"user-{user}", "every session opens with the rotated set, old id or new");
        }
    }
}
