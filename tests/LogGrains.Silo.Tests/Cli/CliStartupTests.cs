using System.Diagnostics;

namespace LogGrains.Silo.Tests.Cli;

/// <summary>The built <c>loggrains</c> executable, started as operators start it, with a wrong setting.</summary>
public sealed class CliStartupTests
{
    [Theory]
    [InlineData("LogGrains__Profile", "kubernetes", "LogGrains:Profile")]
    [InlineData("LogGrains__Aws__ServiceUrl", "localhost:4566", "LogGrains:Aws:ServiceUrl")]
    [InlineData("LogGrains__Aws__ServiceUrl", "ftp://127.0.0.1:4566", "LogGrains:Aws:ServiceUrl")]
    [InlineData("LogGrains__Aws__Region", "mars-north-1x", "LogGrains:Aws:Region")]
    [InlineData("LogGrains__Sqs__QueueUrl", null, "LogGrains:Sqs:QueueUrl")]
    [InlineData("LogGrains__Sqs__DeadLetterQueueUrl", "dlq", "LogGrains:Sqs:DeadLetterQueueUrl")]
    [InlineData("LogGrains__Delivery__CentralRoleArn", "arn:aws:iam::12345:user/not-a-role", "LogGrains:Delivery:CentralRoleArn")]
    [InlineData("LogGrains__Tenants__TableName", "t", "LogGrains:Tenants:TableName")]
    [InlineData("LogGrains__Delivery__CheckpointTableName", "check points", "LogGrains:Delivery:CheckpointTableName")]
    [InlineData("LogGrains__Usage__TableName", "use age", "LogGrains:Usage:TableName")]
    [InlineData("LogGrains__Usage__IdRetention", "00:01:00", "LogGrains:Usage:IdRetention")]
    [InlineData("LogGrains__Delivery__StreamNameTemplate", "{cluster_id}/{no_such_field}", "LogGrains:Delivery:StreamNameTemplate")]
    [InlineData("LogGrains__Delivery__Limits__MaxBatchBytes", "2000000", "LogGrains:Delivery:Limits:MaxBatchBytes")]
    [InlineData("LogGrains__Delivery__Limits__MaxEventsPerBatch", "0", "LogGrains:Delivery:Limits:MaxEventsPerBatch")]
    [InlineData("LogGrains__Delivery__MaxPutAttempts", "0", "LogGrains:Delivery:MaxPutAttempts")]
    [InlineData("LogGrains__Delivery__RetryBaseDelay", "soon", "LogGrains:Delivery:RetryBaseDelay")]
    [InlineData("LogGrains__Delivery__ClusterRegion", "moon", "LogGrains:Delivery:ClusterRegion")]
    [InlineData("LogGrains__Delivery__IdleStreamLinger", "00:00:05", "LogGrains:Delivery:IdleStreamLinger")]
    [InlineData("LogGrains__Delivery__BusyStreamWindow", "-00:00:01", "LogGrains:Delivery:BusyStreamWindow")]
    [InlineData("LogGrains__Web__Port", "70000", "LogGrains:Web:Port")]
    [InlineData("LogGrains__Web__Port", "http", "LogGrains:Web:Port")]
    [InlineData("LogGrains__Web__TrustedProxies", "10.0.0.0/99", "LogGrains__Web__TrustedProxies")]
    [InlineData("LogGrains__Cluster__SiloPort", "0", "LogGrains:Cluster:SiloPort")]
    [InlineData("LogGrains__Cluster__GatewayPort", "11111", "LogGrains:Cluster:GatewayPort")]
    [InlineData("LogGrains__Cluster__ClusterId", "not an id", "LogGrains:Cluster:ClusterId")]
    [InlineData("LogGrains__Cluster__Kubernetes", "maybe", "LogGrains:Cluster:Kubernetes")]
    [InlineData("LogGrains__Cluster__DirectoryCacheSize", "10", "LogGrains:Cluster:DirectoryCacheSize")]
    [InlineData("LogGrains__Cluster__DirectoryCacheSize", "many", "LogGrains:Cluster:DirectoryCacheSize")]
    [InlineData("LogGrains__Poller__KeyTemplate", "{customer_id}", "LogGrains:Poller:KeyTemplate")]
    [InlineData("LogGrains__Poller__HeartbeatInterval", "00:02:00", "LogGrains:Poller:HeartbeatInterval")]
    [InlineData("LogGrains__Poller__MaxStreamsPerTenant", "0", "LogGrains:Poller:MaxStreamsPerTenant")]
    [InlineData("LogGrains__Poller__ReceiveLoops", "0", "LogGrains:Poller:ReceiveLoops")]
    [InlineData("LogGrains__Shutdown__GracePeriod", "01:00:00", "LogGrains:Shutdown:GracePeriod")]
    [InlineData("LogGrains__Metrics__MaxTenants", "0", "LogGrains:Metrics:MaxTenants")]
    [InlineData("LogGrains__Metrics__MaxOrleansSeries", "5", "LogGrains:Metrics:MaxOrleansSeries")]
    public async Task A_wrong_setting_stops_the_executable_with_one_stderr_line_naming_it_and_exit_code_2(string variable, string? value, string named)
    {
        var environment = new Dictionary<string, string?>
        {
            ["LogGrains__Profile"] = "aws",
            ["LogGrains__Aws__Region"] = "us-east-1",
            ["LogGrains__Sqs__QueueUrl"] = "http://127.0.0.1:1/123456789012/objects",
            ["LogGrains__Sqs__DeadLetterQueueUrl"] = "http://127.0.0.1:1/123456789012/dlq",
            ["LogGrains__Delivery__CentralRoleArn"] = "arn:aws:iam::123456789012:role/loggrains-central",
            ["LogGrains__Tenants__TableName"] = "tenants",
        };
        environment[variable] = value;

        var (exit, stdout, stderr) = await RunExecutableAsync(environment);

        Assert.True(exit == 2, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("loggrains: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LogGrains__Local__SampleInterval", "soon", "LogGrains:Local:SampleInterval")]
    [InlineData("LogGrains__Web__Port", "-1", "LogGrains:Web:Port")]
    public async Task A_wrong_setting_stops_the_local_profile_with_one_stderr_line_naming_it_and_exit_code_2(string variable, string value, string named)
    {
        var root = Directory.CreateTempSubdirectory("loggrains-startup-");
        try
        {
            var environment = new Dictionary<string, string?> { ["LogGrains__Local__Root"] = root.FullName, [variable] = value };

            var (exit, stdout, stderr) = await RunExecutableAsync(environment);

            Assert.True(exit == 2, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("loggrains: ", line, StringComparison.Ordinal);
            Assert.Contains(named, line, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunExecutableAsync(Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { ExecutablePath() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("LogGrains", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"loggrains did not exit within 60 s: {await stdout} {await stderr}");
        }

        return (process.ExitCode, await stdout, (await stderr).Replace("\r", "", StringComparison.Ordinal));
    }

    /// <summary>The executable built beside the tests (the project reference copies it and its runtime configuration).</summary>
    private static string ExecutablePath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "loggrains.dll");
        Assert.True(File.Exists(path), $"{path} is missing: the test project must reference src/LogGrains.Silo");
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "loggrains.runtimeconfig.json")), "loggrains.runtimeconfig.json is missing beside the tests");
        return path;
    }
}
