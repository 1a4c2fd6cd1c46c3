using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>Runs <see cref="IronSessionSettings.ToOptions"/> at start-up so that a misconfiguration stops the app with its message.</summary>
internal sealed class IronSessionSettingsValidator : IValidateOptions<IronSessionSettings>
{
    public ValidateOptionsResult Validate(string? name, IronSessionSettings options)
    {
        try
        {
            options.ToOptions();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"IronSeal: {exception.Message}");
        }
    }
}
