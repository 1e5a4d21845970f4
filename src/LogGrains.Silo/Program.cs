using LogGrains.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddLogGrains();
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync($"loggrains: {e.Message}").ConfigureAwait(false);
    return 2;
}

var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok("ok"));
await app.RunAsync().ConfigureAwait(false);
return 0;
