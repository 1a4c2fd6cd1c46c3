using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>Stops the app at start-up when an IronSeal authentication scheme names a session type that was never registered.</summary>
internal sealed class IronSessionAuthenticationValidator<T>(IServiceProviderIsService services) : IValidateOptions<IronSessionAuthenticationOptions<T>>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, IronSessionAuthenticationOptions<T> options) =>
        services.IsService(typeof(IronSessionRegistration<T>))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"IronSeal: the authentication scheme '{name}' reads sessions of type {typeof(T).Name}, which are not registered. " +
                $"Call builder.Services.AddIronSession<{typeof(T).Name}>() as well.");
}
