using LogGrains.Deploy.Tests.CloudFormation;

namespace LogGrains.Deploy.Tests.Grafana;

/// <summary>
/// The dashboard against a real scrape: <see cref="DeployedLogGrains"/>'s silo has delivered (with a throttle, a
/// rejected event and a dead-lettered object behind it), so its /metrics shows the LogGrains series a dashboard needs.
/// </summary>
[Collection(CloudFormationOnMoto.Name)]
public sealed class GrafanaDashboardTests(DeployedLogGrains deployed)
{
    /// <summary>The issue's panels: per-tenant events and bytes, throttles, rejects, dead letters, failures by status, poller in flight and latency.</summary>
    private static readonly string[] Required =
    [
        "loggrains_delivered_events_total",
        "loggrains_delivered_bytes_total",
        "loggrains_throttles_total",
        "loggrains_rejected_events_total",
        "loggrains_dead_lettered_objects_total",
        "loggrains_failed_deliveries_total",
        "loggrains_poller_in_flight",
        "orleans_app_requests_latency_milliseconds_bucket",
    ];

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_one_a_delivering_silo_exports()
    {
        var exported = await MetricsScrape.SampleNamesAsync(deployed.SiloBaseUri);
        var dashboard = GrafanaDashboard.Load();

        var used = dashboard.Expressions().SelectMany(e => GrafanaDashboard.MetricNames(e).Select(name => (Expression: e, Name: name))).ToList();

        Assert.NotEmpty(used);
        var unknown = used.Where(u => !exported.Contains(u.Name)).Select(u => $"{u.Name} (in {u.Expression})").Distinct().ToList();
        Assert.True(unknown.Count == 0, $"Not exported by the silo: {string.Join("; ", unknown)}. Exported: {string.Join(", ", exported.Order(StringComparer.Ordinal))}");
        Assert.All(Required, name => Assert.Contains(name, used.Select(u => u.Name)));
    }

    [Fact]
    public void Panels_use_the_datasource_variable_and_tenant_panels_the_tenant_variable()
    {
        var dashboard = GrafanaDashboard.Load();
        var variables = dashboard.Root.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("type").GetString()!, StringComparer.Ordinal);
        Assert.Equal("datasource", variables["datasource"]);
        Assert.Equal("query", variables["tenant"]);

        var queried = dashboard.Panels().Where(p => p.TryGetProperty("targets", out _)).ToList();
        Assert.NotEmpty(queried);
        Assert.All(queried, p => Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString()));
        var perTenant = queried.SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!)
            .Where(e => e.Contains("by (tenant", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(perTenant);
        Assert.All(perTenant, e => Assert.Contains("tenant=~\"$tenant\"", e, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sum by (tenant) (rate(loggrains_delivered_events_total{tenant=~\"$tenant\"}[$__rate_interval]))", "loggrains_delivered_events_total")]
    [InlineData("histogram_quantile(0.95, sum by (le) (rate(orleans_app_requests_latency_milliseconds_bucket[5m])))", "orleans_app_requests_latency_milliseconds_bucket")]
    [InlineData("label_values(loggrains_delivered_events_total, tenant)", "loggrains_delivered_events_total")]
    [InlineData("sum(loggrains_poller_in_flight) / on (instance) group_left max(up)", "loggrains_poller_in_flight,up")]
    public void Metric_names_are_found_in_PromQL(string expression, string expected)
    {
        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), GrafanaDashboard.MetricNames(expression).Order(StringComparer.Ordinal));
    }
}
