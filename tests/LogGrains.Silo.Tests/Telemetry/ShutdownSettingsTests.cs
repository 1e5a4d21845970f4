using LogGrains.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Tests.Telemetry;

public sealed class ShutdownSettingsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "loggrains-shutdown-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(null, 55)]
    [InlineData("00:01:30", 120)]
    public async Task The_host_waits_longer_than_the_grace_period_so_that_Orleans_can_still_leave_the_cluster(string? grace, int expectedSeconds)
    {
        await using var app = SiloApp.Build([], builder =>
        {
            builder.Configuration["LogGrains:Local:Root"] = _root;
            if (grace is not null)
            {
                builder.Configuration["LogGrains:Shutdown:GracePeriod"] = grace;
            }
        });

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task A_negative_grace_period_stops_start_up_naming_the_setting()
    {
        var error = await Record.ExceptionAsync(async () =>
        {
            await using var app = SiloApp.Build([], builder =>
            {
                builder.Configuration["LogGrains:Local:Root"] = _root;
                builder.Configuration["LogGrains:Shutdown:GracePeriod"] = "-00:00:05";
            });
            _ = app.Services.GetRequiredService<IOptions<HostOptions>>().Value;
            await app.StartAsync();
            await app.StopAsync();
        });

        Assert.NotNull(error);
        Assert.Contains("LogGrains:Shutdown:GracePeriod", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
