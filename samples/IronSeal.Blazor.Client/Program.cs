using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

// The user comes from the server: the prerendered page carries its name and role claims (AddAuthenticationStateSerialization
// there), never the session cookie or the session's data.
WebAssemblyHostBuilder builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.Services.AddAuthorizationCore();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddAuthenticationStateDeserialization();
await builder.Build().RunAsync();
