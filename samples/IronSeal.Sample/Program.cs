using IronSeal.Sample;

// `dotnet run --project samples/IronSeal.Sample` serves http://127.0.0.1:5080 (Properties/launchSettings.json).
WebApplication app = SampleApp.Build(args);
app.Run();
