using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace IronSeal;

/// <summary>Binds, validates and builds one session type's options; every failure becomes a message (never a password).</summary>
internal static class IronSessionOptionsBuilder
{
    public static bool TryBuild(
        IOptionsFactory<IronSessionSettings> factory, string name, string section,
        [NotNullWhen(true)] out IronSessionOptions? options, [NotNullWhen(false)] out string? failure)
    {
        try
        {
            // The factory binds the section, applies the app's Configure calls and runs its own validators.
            options = factory.Create(name).ToOptions(section);
            failure = null;
            return true;
        }
        catch (OptionsValidationException exception)
        {
            failure = string.Join("; ", exception.Failures);
        }
        catch (ArgumentException exception)
        {
            failure = $"IronSeal: {exception.Message}";
        }
        catch (InvalidOperationException exception)
        {
            // The configuration binder: a value that does not convert (e.g. Ttl = "two weeks").
            failure = $"IronSeal: {exception.Message}";
        }

        options = null;
        return false;
    }
}
