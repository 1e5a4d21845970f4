using Orleans.Dashboard;

namespace LogGrains.Silo.Web;

/// <summary>
/// The Orleans Dashboard's request pipeline, built when the first request for it arrives. Mapping the dashboard reads
/// every file of its UI into memory (22 MB in each silo, found in a heap dump of a silo with 33,600 stream grains); a
/// cluster's few dashboard users reach one or two silos through the Service, and the others never pay for the files.
/// </summary>
internal sealed class DashboardOnFirstRequest
{
    private RequestDelegate? _pipeline;
    private object? _gate;

    /// <summary>Whether the dashboard has been mapped (a request for it has arrived).</summary>
    public bool IsMapped => Volatile.Read(ref _pipeline) is not null;

    /// <summary>The dashboard's pipeline under <see cref="WebExtensions.DashboardPrefix"/>, mapped on first use.</summary>
    public RequestDelegate Pipeline(IApplicationBuilder app) => LazyInitializer.EnsureInitialized(ref _pipeline, ref _gate, () =>
    {
        // WebApplication.New() leaves out the application's own endpoints: the branch routes to the dashboard's alone.
        var branch = app.New();
        branch.UseRouting();
        branch.UseEndpoints(endpoints => endpoints.MapOrleansDashboard(WebExtensions.DashboardPrefix));
        return branch.Build();
    });
}
