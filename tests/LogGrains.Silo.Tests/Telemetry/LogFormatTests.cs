using System.Globalization;
using System.Text.Json;
using LogGrains.Grains.Polling;
using LogGrains.Silo.Hosting;
using LogGrains.Silo.Tests.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace LogGrains.Silo.Tests.Telemetry;

public sealed partial class LogFormatTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "loggrains-logs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_dead_lettered_object_logs_one_JSON_line_with_tenant_object_key_scopes_and_a_UTC_timestamp()
    {
        await LocalTestSilo.WriteTenantsAsync(_root, ["globex"]);
        await using var silo = await new LocalTestSilo(
            _root,
            settings: new Dictionary<string, string?> { ["LogGrains:Logging:Format"] = "json" },
            configure: RenderedLogs.AddTo).StartAsync();
        var logs = RenderedLogs.Of(silo.App.Services);
        const string key = "globex/local-cluster/checkout/checkout-0/corrupt.log.gz";
        var temporary = Path.Combine(silo.Paths.Temp, "corrupt.tmp");
        Directory.CreateDirectory(silo.Paths.Temp);
        await File.WriteAllBytesAsync(temporary, [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x01, 0x02, 0x03]);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(silo.Paths.Staging, key))!);
        File.Move(temporary, Path.Combine(silo.Paths.Staging, key));

        string? line = null;
        await LocalTestSilo.WaitUntilAsync(
            () =>
            {
                line = logs.Lines.FirstOrDefault(l => l.Category == typeof(NotificationPoller).FullName && l.Text.Contains("dead-lettered", StringComparison.Ordinal)).Text;
                return Task.FromResult(line is not null);
            },
            "the poller to log the dead letter");

        output.WriteLine(line);
        Assert.EndsWith(Environment.NewLine, line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line!.TrimEnd());
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("Warning", root.GetProperty("LogLevel").GetString());
        var state = root.GetProperty("State");
        Assert.Equal("globex", state.GetProperty("Tenant").GetString());
        Assert.Equal(key, state.GetProperty("ObjectKey").GetString());
        var timestamp = root.GetProperty("Timestamp").GetString()!;
        Assert.EndsWith("Z", timestamp, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture).Offset);
        var scopes = root.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, s => s.TryGetProperty("MessageId", out _));
        Assert.Contains(scopes, s => s.TryGetProperty("Tenant", out var t) && t.GetString() == "globex"
            && s.TryGetProperty("ObjectKey", out var k) && k.GetString() == key);
    }

    [Fact]
    public async Task Text_format_writes_one_readable_line_with_the_delivery_scope()
    {
        await using var app = SiloApp.Build([], builder =>
        {
            builder.Configuration["LogGrains:Local:Root"] = _root;
            builder.Configuration["LogGrains:Logging:Format"] = "text";
            RenderedLogs.AddTo(builder);
        });
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LogGrains.Test");

        using (logger.BeginScope(DeliveryLogScope.ForObject("acme-corp", "acme-corp/c/app/pod/f.log.gz")))
        {
            LogFailed(logger, 3);
        }

        var line = Assert.Single(RenderedLogs.Of(app.Services).Lines, l => l.Category == "LogGrains.Test").Text;
        Assert.DoesNotContain('\n', line.TrimEnd());
        Assert.False(line.StartsWith('{'), line);
        Assert.Contains("Delivery of 3 events failed", line, StringComparison.Ordinal);
        Assert.Contains("Tenant=acme-corp, ObjectKey=acme-corp/c/app/pod/f.log.gz", line, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z ", line);
    }

    [Theory]
    [InlineData("aws", null, "json")]
    [InlineData("local", null, "simple")]
    [InlineData(null, null, "simple")]
    [InlineData("aws", "text", "simple")]
    [InlineData("local", "JSON", "json")]
    public async Task The_profile_chooses_the_console_format_and_the_setting_overrides_it(string? profile, string? format, string formatter)
    {
        await using var app = SiloApp.Build([], builder =>
        {
            BuildOnlySettings.Apply(builder, profile, _root);
            builder.Configuration["LogGrains:Logging:Format"] = format;
        });

        Assert.Equal(formatter, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("Information", true)]
    public async Task Per_request_lines_of_ASP_NET_Core_are_off_unless_a_log_level_setting_turns_them_on(string? level, bool enabled)
    {
        await using var app = SiloApp.Build([], builder =>
        {
            var settings = new Dictionary<string, string?> { ["LogGrains:Local:Root"] = _root, ["Logging:LogLevel:Microsoft.AspNetCore"] = level };
            builder.Configuration.AddInMemoryCollection(settings.Where(s => s.Value is not null));
        });
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");

        Assert.Equal(enabled, logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LogGrains.Grains.Polling.NotificationPoller").IsEnabled(LogLevel.Information));
    }

    [Theory]
    [InlineData("aws", null, false)]
    [InlineData("local", null, false)]
    [InlineData("aws", "Information", true)]
    [InlineData("local", "Information", true)]
    public async Task Orleans_placement_lines_through_Polly_are_off_in_both_profiles_unless_a_log_level_setting_turns_them_on(string profile, string? level, bool enabled)
    {
        await using var app = SiloApp.Build([], builder =>
        {
            BuildOnlySettings.Apply(builder, profile, _root);
            builder.Configuration["Logging:LogLevel:Polly"] = level;
        });
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Polly");

        Assert.Equal(enabled, logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void An_unknown_log_format_stops_start_up_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SiloApp.Build([], builder =>
        {
            builder.Configuration["LogGrains:Local:Root"] = _root;
            builder.Configuration["LogGrains:Logging:Format"] = "xml";
        }));

        Assert.Contains("LogGrains:Logging:Format", error.Message, StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {Count} events failed")]
    private static partial void LogFailed(ILogger logger, int count);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
