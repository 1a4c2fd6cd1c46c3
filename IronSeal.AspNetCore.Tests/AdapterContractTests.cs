using IronSeal.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IronSeal.AspNetCore.Tests;

/// <summary>The adapter's small contracts: argument checks, defaults, several Cookie headers, and the settings' messages.</summary>
public sealed class AdapterContractTests
{
    [Test]
    public void The_cookie_store_refuses_nulls()
    {
        Should.Throw<ArgumentNullException>(() => new HttpContextCookieStore(null!)).ParamName.ShouldBe("context");
    }

    [Test]
    public void Cookies_split_over_several_Cookie_headers_are_read_as_one_header()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = new Microsoft.Extensions.Primitives.StringValues(["a=1", "b=2; c=3"]);

        var store = new HttpContextCookieStore(context);

        store.RequestCookieHeader.ShouldBe("a=1; b=2; c=3");
        CookieParser.Get(store.RequestCookieHeader, "c").ShouldBe("3");
    }

    [Test]
    public void The_request_cookie_header_is_the_one_header_or_empty()
    {
        var context = new DefaultHttpContext();
        ICookieStore store = new HttpContextCookieStore(context);
        store.RequestCookieHeader.ShouldBe("");

        var withCookie = new DefaultHttpContext();
        withCookie.Request.Headers.Cookie = "session=abc; theme=dark";
        ((ICookieStore)new HttpContextCookieStore(withCookie)).RequestCookieHeader.ShouldBeSameAs(withCookie.Request.Headers.Cookie[0]);
    }

    [Test]
    public void AddIronSession_refuses_nulls()
    {
        Should.Throw<ArgumentNullException>(() => ((IServiceCollection)null!).AddIronSession<CounterSession>()).ParamName.ShouldBe("services");
        Should.Throw<ArgumentNullException>(() => new ServiceCollection().AddIronSession<CounterSession>((System.Text.Json.Serialization.Metadata.JsonTypeInfo<CounterSession>)null!))
            .ParamName.ShouldBe("jsonTypeInfo");
    }

    [Test]
    public void Cookie_settings_default_to_iron_sessions_attributes()
    {
        CookieAttributes attributes = new IronSessionSettings { CookieName = "s", Password = new string('p', 32) }.ToOptions().Cookie;

        attributes.Secure.ShouldBeTrue();
        attributes.HttpOnly.ShouldBeTrue();
        attributes.SameSite.ShouldBe(SameSite.Lax);
        attributes.Path.ShouldBe("/");
    }

    [Test]
    public void The_settings_messages_name_the_configuration_key_that_needs_a_change()
    {
        Should.Throw<ArgumentException>(() => new IronSessionSettings { CookieName = "s" }.ToOptions()).Message
            .ShouldStartWith("Set IronSession:Password to a secret of at least 32 random characters");
        Should.Throw<ArgumentException>(() => new IronSessionSettings { CookieName = "s", Password = "short" }.ToOptions()).Message
            .ShouldStartWith("IronSession:Password: ");
        Should.Throw<ArgumentException>(() => new IronSessionSettings { CookieName = "s", Passwords = { ["2"] = new string('p', 32), ["3"] = "short" } }.ToOptions()).Message
            .ShouldStartWith("IronSession:Passwords:3: ");
        Should.Throw<ArgumentException>(() => new IronSessionSettings { CookieName = "s", Password = new string('p', 32), Passwords = { ["1"] = new string('p', 32) } }.ToOptions())
            .Message.ShouldStartWith("Set either IronSession:Password or IronSession:Passwords, not both.");
    }

    [Test]
    public void AddIronSealSingleUse_picks_the_registered_store_else_a_shared_cache_else_memory_and_adds_no_cache()
    {
        using (ServiceProvider bare = new ServiceCollection().AddIronSealSingleUse().BuildServiceProvider())
        {
            bare.GetRequiredService<SingleUseGuard>().Store.ShouldBeOfType<InMemorySingleUseStore>();
            bare.GetService<IDistributedCache>().ShouldBeNull();
        }

        var memoryCache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        using (ServiceProvider withMemoryCache = new ServiceCollection().AddSingleton<IDistributedCache>(memoryCache).AddIronSealSingleUse().BuildServiceProvider())
        {
            withMemoryCache.GetRequiredService<SingleUseGuard>().Store.ShouldBeOfType<InMemorySingleUseStore>("the in-memory cache is no more shared than the in-memory store, which is atomic");
        }

        using (ServiceProvider withSharedCache = new ServiceCollection().AddSingleton<IDistributedCache>(new SlowCache(memoryCache)).AddIronSealSingleUse().BuildServiceProvider())
        {
            withSharedCache.GetRequiredService<SingleUseGuard>().Store.ShouldBeOfType<DistributedCacheSingleUseStore>();
        }

        var own = new InMemorySingleUseStore();
        using ServiceProvider withStore = new ServiceCollection().AddIronSealSingleUse().AddSingleton<ISingleUseStore>(own).AddSingleton<IDistributedCache>(new SlowCache(memoryCache)).BuildServiceProvider();
        withStore.GetRequiredService<SingleUseGuard>().Store.ShouldBeSameAs(own);
    }
}
