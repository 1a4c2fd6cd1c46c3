using Microsoft.Extensions.Options;

namespace IronSeal.Sample;

/// <summary>
/// Makes and opens magic-link tokens: <c>{ login, returnUrl }</c> sealed for the purpose <c>"magic-link"</c>, valid for
/// 15 minutes to the millisecond (no clock skew), with the session's passwords. The purpose keeps the two apart: a
/// session cookie never opens as a link and a link never opens as a session, though one password set seals both.
/// Whether a link was used already is <see cref="SingleUseGuard"/>'s business (see <see cref="MagicLinkPages"/>).
/// </summary>
public sealed class MagicLinks
{
    public const string Purpose = "magic-link";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly TimeProvider _timeProvider;
    private volatile SealOptions _options;

    public MagicLinks(IOptionsMonitor<IronSessionSettings> settings, TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        string name = IronSessionSettings.OptionsName<AppSession>();
        _options = For(settings.Get(name));

        // The session's passwords, also after a configuration reload rotates them; an invalid reload keeps the last
        // good ones (the session's own settings log why).
        settings.OnChange((changed, changedName) =>
        {
            if (changedName == name)
            {
                try
                {
                    _options = For(changed);
                }
                catch (ArgumentException)
                {
                }
            }
        });
    }

    private SealOptions For(IronSessionSettings settings) => new()
    {
        // Every password id of the session's own settings, so rotation covers links too.
        Password = settings.ToOptions().Password,
        Purpose = Purpose,
        Ttl = Lifetime,
        ClockSkew = TimeSpan.Zero,
        TimeProvider = _timeProvider,
    };

    /// <summary>The token for a link that signs <paramref name="user"/> in and then goes to <paramref name="returnUrl"/> (if local).</summary>
    public string Issue(SessionUser user, string? returnUrl) =>
        Iron.Seal(new MagicLinkToken(user.Login, LocalUrl.OrNull(returnUrl)), SampleJsonContext.Default.MagicLinkToken, _options);

    /// <summary>Opens a token; throws <see cref="SealException"/> (its reason says why) for anything that is not a live link.</summary>
    public Unsealed<MagicLinkToken> Open(string token) => Iron.Open(token, SampleJsonContext.Default.MagicLinkToken, _options);
}
