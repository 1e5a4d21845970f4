using LogGrains.Testing;
using System.Globalization;
using LogGrains.Core.Notifications;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;
using LogGrains.Silo.Hosting;
using LogGrains.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Tests;

public sealed class LocalProfileTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "loggrains-local-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Local_profile_delivers_the_samples_to_files_copies_s3_deliveries_and_dead_letters_a_corrupt_file()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        foreach (var (key, value) in Settings())
        {
            builder.Configuration[key] = value;
        }

        builder.AddLogGrains();
        await using var app = builder.Build();
        await app.StartAsync();
        try
        {
            var paths = app.Services.GetRequiredService<LocalPaths>();
            var samples = app.Services.GetRequiredService<LocalStartup>().Samples;
            Assert.Contains(samples, s => s.Tenant == "acme-corp");
            Assert.Contains(samples, s => s.Tenant == "globex" && !s.ReachesLogs);

            await WaitUntilAsync(() => samples.All(s => !File.Exists(Path.Combine(paths.Staging, s.Key))), "the sample files to leave staging");

            Assert.All(samples, s => Assert.True(File.Exists(Path.Combine(paths.Delivered, s.Key)), $"{s.Key} is not in delivered/"));
            AssertLogsHoldExactly(Path.Combine(_root, "logs", "acme-corp", "loggrains", "acme-corp"), samples.Where(s => s.Tenant == "acme-corp"));

            var filtered = Assert.Single(samples, s => s.Application == LocalSampleWriter.FilteredApplication);
            var globexLogs = Path.Combine(_root, "logs", "globex", "loggrains", "globex");
            Assert.DoesNotContain(
                Directory.Exists(globexLogs) ? Directory.GetFiles(globexLogs) : [],
                f => Path.GetFileName(f).StartsWith(LocalSampleWriter.FilteredApplication, StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(paths.Delivered, filtered.Key)));
            foreach (var sample in samples.Where(s => s.Tenant == "globex"))
            {
                var afterCluster = string.Join('/', sample.Key.Split('/').Skip(2));
                var copy = Path.Combine(_root, "buckets", "globex-archive", "ROSA", "cluster-logs", "globex", afterCluster);
                Assert.True(File.Exists(copy), $"no s3 copy at {copy}");
            }

            var corruptKey = "globex/local-cluster/checkout/checkout-6f7a8b9c0-p1q2r/corrupt.log.gz";
            DropCorruptFile(paths, corruptKey);
            var deadLettered = Path.Combine(paths.DeadLetter, corruptKey);
            await WaitUntilAsync(() => File.Exists(deadLettered + ".reason.txt"), "the corrupt file to reach dead-letter/");

            Assert.True(File.Exists(deadLettered));
            Assert.False(File.Exists(Path.Combine(paths.Staging, corruptKey)));
            Assert.Contains("CorruptCompression", await File.ReadAllTextAsync(deadLettered + ".reason.txt"), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public void A_staged_file_becomes_an_S3_event_that_parses_back_to_the_same_key()
    {
        const string key = "acme-corp/local-cluster/my app/pod+1/file 100% é.log.gz";
        var modified = new DateTimeOffset(2026, 11, 26, 12, 0, 0, 123, TimeSpan.Zero);

        var parsed = Assert.IsType<ObjectsNotification>(NotificationParser.Parse(LocalDirectorySource.EventBody(key, 42, modified)));

        var obj = Assert.Single(parsed.Objects);
        Assert.Equal(("local", key, 42L, modified), (obj.Bucket, obj.Key, obj.Size, obj.EventTime));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("a/./b")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("")]
    public void Paths_that_could_leave_their_directory_are_refused(string relative)
    {
        Assert.False(LocalPaths.TryResolve(_root, relative, out _));
    }

    [Fact]
    public async Task A_staged_file_is_handed_out_once_per_visibility_and_moved_not_deleted()
    {
        var paths = new LocalPaths(_root);
        paths.CreateDirectories();
        const string key = "acme-corp/local-cluster/app/pod/f.log.gz";
        var staged = Path.Combine(paths.Staging, key);
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        await File.WriteAllTextAsync(staged, "x");
        File.SetLastWriteTimeUtc(staged, DateTime.UtcNow.AddMinutes(-1));
        var source = new LocalDirectorySource(paths, Options.Create(new LocalDirectorySourceOptions()), TimeProvider.System, NullLogger<LocalDirectorySource>.Instance);

        var first = Assert.Single(await source.ReceiveAsync(10, TimeSpan.Zero, CancellationToken.None));
        Assert.Empty(await source.ReceiveAsync(10, TimeSpan.Zero, CancellationToken.None));
        await source.ChangeVisibilityAsync(first, TimeSpan.Zero, CancellationToken.None);
        var second = Assert.Single(await source.ReceiveAsync(10, TimeSpan.Zero, CancellationToken.None));

        Assert.Equal((key, 1, 2), (first.MessageId, first.ApproximateReceiveCount, second.ApproximateReceiveCount));
        Assert.Equal([first], await source.DeleteAsync([first], CancellationToken.None));
        Assert.Empty(await source.DeleteAsync([second], CancellationToken.None));
        Assert.Empty(await source.DeleteAsync([second], CancellationToken.None));
        Assert.False(File.Exists(staged));
        Assert.True(File.Exists(Path.Combine(paths.Delivered, key)));

        await source.DeadLetterAsync(second with { MessageId = "../tenants.json" }, new DeadLetter("forged", DeliveryErrorClass.Poison, "", ""), CancellationToken.None);
        Assert.Empty(Directory.GetFiles(paths.DeadLetter, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_tenant_file_round_trips_items_and_lists_each_tenant_once()
    {
        var paths = new LocalPaths(_root);
        using var store = new LocalTenantStore(paths);
        foreach (var item in LocalSampleWriter.SampleTenants())
        {
            await store.PutItemAsync(item, CancellationToken.None);
        }

        await store.PutItemAsync(LocalSampleWriter.SampleTenants()[0], CancellationToken.None);
        var globex = await store.GetItemsAsync("globex", CancellationToken.None);
        var tenants = new List<string>();
        await foreach (var tenant in store.ListTenantsAsync(CancellationToken.None))
        {
            tenants.Add(tenant);
        }

        Assert.Equal(["acme-corp", "globex"], tenants.Order(StringComparer.Ordinal));
        Assert.Equal(LocalSampleWriter.SampleTenants().Skip(1).Select(i => i.ToString()), globex.Select(i => i.ToString()));
        Assert.Single(await store.GetItemsAsync("acme-corp", CancellationToken.None));
        await store.DeleteItemAsync("globex", DeliveryType.S3, CancellationToken.None);
        var left = Assert.Single(await store.GetItemsAsync("globex", CancellationToken.None));
        Assert.Equal("cloudwatch", left[TenantAttributeNames.Type].Text);
    }

    [Theory]
    [InlineData("/loggrains/../escape")]
    [InlineData("/")]
    [InlineData("/a/./b")]
    public async Task A_log_group_that_is_not_a_plain_directory_path_is_an_invalid_request(string group)
    {
        var destination = new LocalLogDestination(new LocalPaths(_root));
        var target = new LogTarget("acme-corp", "us-east-1", group, "stream");

        var error = await Assert.ThrowsAsync<DeliveryException>(
            () => destination.EnsureAsync(target, new TenantCredentials("LOCAL", "local", "local", DateTimeOffset.UtcNow.AddHours(1)), CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.InvalidRequest, error.ErrorClass);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static void AssertLogsHoldExactly(string groupDirectory, IEnumerable<LocalSampleFile> files)
    {
        var expected = files.SelectMany(f => f.Events).Select(e => e.Message).Order(StringComparer.Ordinal).ToList();
        var actual = new List<string>();
        foreach (var file in Directory.GetFiles(groupDirectory, "*.log"))
        {
            var lines = File.ReadAllLines(file);
            var stamps = lines.Select(l => l[..l.IndexOf('\t', StringComparison.Ordinal)]).ToList();
            Assert.Equal(stamps.Order(StringComparer.Ordinal), stamps);
            Assert.All(stamps, s => DateTimeOffset.ParseExact(s, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            actual.AddRange(lines.Select(l => Unescape(l[(l.IndexOf('\t', StringComparison.Ordinal) + 1)..])));
        }

        Assert.Equal(expected, actual.Order(StringComparer.Ordinal));
    }

    private static string Unescape(string message) => message.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\r", "\r", StringComparison.Ordinal);

    private static void DropCorruptFile(LocalPaths paths, string key)
    {
        var (content, _) = LocalSampleWriter.BuildContent("globex", "checkout", "checkout-6f7a8b9c0-p1q2r", "shop", DateTimeOffset.UtcNow.AddMinutes(-2), 0, 20);
        for (var i = 12; i <= 40; i++)
        {
            content[i] ^= 0xA5;
        }

        var temporary = Path.Combine(paths.Temp, "corrupt.tmp");
        File.WriteAllBytes(temporary, content);
        var destination = Path.Combine(paths.Staging, key);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(temporary, destination);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Bound.TotalSeconds} s waiting for {what}.");
            await Task.Delay(250);
        }
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["LogGrains:Profile"] = "local",
        ["LogGrains:Local:Root"] = _root,
        ["LogGrains:Local:SampleInterval"] = "0",
        ["LogGrains:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
        ["LogGrains:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
        ["LogGrains:Web:Port"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
        ["LogGrains:Poller:WaitTime"] = "00:00:01",
    };
}
