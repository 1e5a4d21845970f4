using LogGrains.Grains.Hosting;
using LogGrains.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LogGrains.Silo.Tests.Hosting;

/// <summary><c>LogGrains:Cluster:DirectoryCacheSize</c> reaches Orleans' directory cache in both profiles.</summary>
public sealed class DirectoryCacheTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("loggrains-directory-cache-");

    [Theory]
    [InlineData("local", null, LogGrainsClusterOptions.DefaultDirectoryCacheSize)]
    [InlineData("aws", null, LogGrainsClusterOptions.DefaultDirectoryCacheSize)]
    [InlineData("local", "5000", 5_000)]
    [InlineData("aws", "250000", 250_000)]
    public async Task The_setting_or_the_LogGrains_default_sizes_the_Orleans_directory_cache(string profile, string? setting, int expected)
    {
        await using var app = SiloApp.Build([], builder =>
        {
            BuildOnlySettings.Apply(builder, profile, _root.FullName);
            if (setting is not null)
            {
                builder.Configuration["LogGrains:Cluster:DirectoryCacheSize"] = setting;
            }
        });

        var options = app.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;

        Assert.Equal(expected, options.CacheSize);
        Assert.NotEqual(LogGrainsClusterOptions.DefaultDirectoryCacheSize, new GrainDirectoryOptions().CacheSize);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
