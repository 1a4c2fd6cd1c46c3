using IronSeal;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the IronSeal user for Blazor components.</summary>
public static class IronSessionComponentsServiceCollectionExtensions
{
    /// <summary>
    /// Makes <see cref="SessionAuthenticationStateProvider"/> the <see cref="AuthenticationStateProvider"/> of interactive
    /// server circuits (the user the IronSeal scheme authenticated, rechecked every
    /// <see cref="SessionAuthenticationStateOptions.RevalidationInterval"/>), and adds the cascading authentication state
    /// (<c>AddCascadingAuthenticationState</c>). Call it beside <c>AddRazorComponents()</c>, before or after.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the interval and an extra check.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddIronSessionAuthenticationState(this IServiceCollection services, Action<SessionAuthenticationStateOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<SessionAuthenticationStateOptions> options = services.AddOptions<SessionAuthenticationStateOptions>()
            .Validate(settings => settings.RevalidationInterval > TimeSpan.Zero,
                "IronSeal: SessionAuthenticationStateOptions.RevalidationInterval must be more than zero (e.g. TimeSpan.FromMinutes(1)).")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddCascadingAuthenticationState();

        // Added, not tried: the last registration wins over the ServerAuthenticationStateProvider of AddInteractiveServerComponents.
        services.AddScoped<AuthenticationStateProvider, SessionAuthenticationStateProvider>();
        return services;
    }
}
