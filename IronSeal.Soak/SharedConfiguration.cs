using Microsoft.Extensions.Configuration;

namespace IronSeal.Soak;

/// <summary>
/// A configuration source several apps share, reloadable like a JSON file or a key vault: <see cref="Apply"/> changes
/// the values and raises the reload in every app built from it (a fleet receiving one configuration change).
/// </summary>
public sealed class SharedConfiguration(IDictionary<string, string?> initial) : IConfigurationSource
{
    private readonly Dictionary<string, string?> _data = new(initial, StringComparer.OrdinalIgnoreCase);
    private readonly List<Provider> _providers = [];
    private readonly Lock _lock = new();

    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        var provider = new Provider(this);
        lock (_lock)
        {
            _providers.Add(provider);
        }

        return provider;
    }

    /// <summary>Sets (or, with a null value, removes) keys, then reloads every app.</summary>
    public void Apply(params (string Key, string? Value)[] changes)
    {
        Provider[] providers;
        lock (_lock)
        {
            foreach ((string key, string? value) in changes)
            {
                if (value is null)
                {
                    _data.Remove(key);
                }
                else
                {
                    _data[key] = value;
                }
            }

            providers = [.. _providers];
        }

        foreach (Provider provider in providers)
        {
            provider.Reload();
        }
    }

    private Dictionary<string, string?> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<string, string?>(_data, StringComparer.OrdinalIgnoreCase);
        }
    }

    private sealed class Provider(SharedConfiguration owner) : ConfigurationProvider
    {
        public override void Load() => Data = owner.Snapshot();

        public void Reload()
        {
            Load();
            OnReload();
        }
    }
}
