using System.Text;
using System.Text.Json.Nodes;
using IronSeal.Tests.Support;

namespace IronSeal.Tests.Robustness;

/// <summary>Input that would cost work in proportion to its size is refused before that work.</summary>
public sealed class LimitsTests
{
    private static readonly SealOptions s_options = new() { Password = TestPasswords.One };

    [Test]
    public void A_seal_over_64_KB_is_refused_before_any_crypto()
    {
        string huge = new('A', SealFormat.MaxSealLength + 1);

        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(huge, s_options)).Reason.ShouldBe(SealError.Malformed);
    }

    [Test]
    public void Json_nested_deeper_than_64_levels_is_InvalidJson_not_a_stack_overflow()
    {
        string deep = string.Concat(Enumerable.Repeat("{\"a\":", 1_000)) + "1" + new string('}', 1_000);
        string seal = HandSeal.Encrypt(TestPasswords.One, Encoding.UTF8.GetBytes(deep)) + "~2";

        Should.Throw<SealException>(() => Iron.Unseal<JsonObject>(seal, s_options)).Reason.ShouldBe(SealError.InvalidJson);
        Should.Throw<SealException>(() => Iron.Unseal<UserSession>(seal, s_options)).Reason.ShouldBe(SealError.InvalidJson);
    }

    [Test]
    public void Json_at_the_depth_limit_still_opens()
    {
        string deep = string.Concat(Enumerable.Repeat("{\"a\":", 63)) + "1" + new string('}', 63);
        string seal = HandSeal.Encrypt(TestPasswords.One, Encoding.UTF8.GetBytes(deep)) + "~2";

        Iron.Unseal<JsonObject>(seal, s_options).ShouldNotBeNull();
    }

    [Test]
    public async Task A_session_cookie_over_64_KB_gives_an_empty_session_without_unsealing()
    {
        var errors = new List<SealException>();
        var options = new IronSessionOptions { CookieName = "sid", Password = TestPasswords.One, OnUnsealError = errors.Add };
        string header = "sid=" + new string('A', 200_000);

        IronSession<JsonObject> session = await IronSession.GetAsync<JsonObject>(new HeaderCookieStore(header), options);

        session.Data.Count.ShouldBe(0);
        errors.Single().Reason.ShouldBe(SealError.Malformed);
    }

    [Test]
    public void Random_cookie_headers_never_make_the_parser_throw()
    {
        var random = new Random(1_000_003);
        for (int i = 0; i < 50_000; i++)
        {
            var header = new StringBuilder();
            int length = random.Next(0, 120);
            for (int c = 0; c < length; c++)
            {
                header.Append(random.Next(4) switch
                {
                    0 => ";=%\" \t,"[random.Next(7)],
                    1 => (char)random.Next(0, 0x80),
                    2 => (char)random.Next(0x80, 0x10000),
                    _ => "abc%41%C3%A9%FF"[random.Next(15)],
                });
            }

            string text = header.ToString();
            IReadOnlyDictionary<string, string> cookies = CookieParser.Parse(text);
            foreach (string name in cookies.Keys.Take(3))
            {
                CookieParser.Get(text, name).ShouldBe(cookies[name]);
            }
        }
    }
}
