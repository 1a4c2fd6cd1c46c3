using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>Stops the app at start-up when an IronSeal authentication scheme reads a session type that was never registered.</summary>
internal sealed class SessionAuthenticationValidator<T>(IServiceProviderIsService services) : IValidateOptions<SessionAuthenticationOptions<T>>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, SessionAuthenticationOptions<T> options) =>
        options.Session is not { } session || services.IsService(session.Registration)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"IronSeal: the authentication scheme '{name}' reads sessions of type {typeof(T).Name}, which are not registered. " +
                $"Call builder.Services.{session.AddCall}<{typeof(T).Name}>() as well.");
}
