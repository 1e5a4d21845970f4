using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Tests.Telemetry;

/// <summary>
/// A logger provider that renders every entry through the console formatter the host configured (the one the console
/// logger uses, with the same scope provider) into a string, as the console would print it.
/// </summary>
internal sealed class RenderedLogs(IServiceProvider services) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<(string Category, string Text)> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private ConsoleFormatter? _formatter;

    public IEnumerable<(string Category, string Text)> Lines => _lines;

    public static void AddTo(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<ILoggerProvider>(sp => new RenderedLogs(sp));

    public static RenderedLogs Of(IServiceProvider services) => services.GetServices<ILoggerProvider>().OfType<RenderedLogs>().Single();

    public ILogger CreateLogger(string categoryName) => new Renderer(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private ConsoleFormatter Formatter()
    {
        if (_formatter is null)
        {
            var name = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
            _formatter = services.GetServices<ConsoleFormatter>().Single(f => f.Name == name);
        }

        return _formatter;
    }

    private sealed class Renderer(RenderedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            using var writer = new StringWriter();
            owner.Formatter().Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
            owner._lines.Enqueue((category, writer.ToString()));
        }
    }
}
