using System.Globalization;
using System.Net;
using Orleans.Configuration;

namespace LogGrains.Silo.Hosting;

/// <summary>
/// Orleans' Kubernetes hosting for the aws profile, switched on by <c>LogGrains:Cluster:Kubernetes=true</c>
/// (<c>LogGrains__Cluster__Kubernetes</c>): the silo is named after its pod, advertises the pod's IP, listens on any
/// address, and two silos watch the API server to declare dead the silos whose pod is gone. Clustering itself stays
/// on the DynamoDB membership table.
/// </summary>
/// <remarks>
/// Orleans reads <c>POD_NAME</c>, <c>POD_NAMESPACE</c>, <c>POD_IP</c>, <c>ORLEANS_CLUSTER_ID</c> and
/// <c>ORLEANS_SERVICE_ID</c> from the process environment and lets the last two override the cluster identity
/// silently; a silo whose LogGrains ids disagree with them would join a cluster other than the one the CLI and the
/// pod labels name, so that is refused at start-up.
/// </remarks>
internal sealed class KubernetesHosting
{
    /// <summary>The switch.</summary>
    public const string EnabledSetting = "LogGrains:Cluster:Kubernetes";

    /// <summary>The variables Kubernetes hosting needs from the downward API, each with the field it should come from.</summary>
    public static readonly IReadOnlyList<(string Variable, string FieldPath)> PodVariables =
    [
        ("POD_NAME", "metadata.name"),
        ("POD_NAMESPACE", "metadata.namespace"),
        ("POD_IP", "status.podIP"),
    ];

    private KubernetesHosting(IPAddress? podIP) => PodIP = podIP;

    /// <summary>Whether <c>UseKubernetesHosting</c> is applied to the silo.</summary>
    public bool Enabled => PodIP is not null;

    /// <summary>The address the silo advertises when enabled: <c>POD_IP</c>.</summary>
    public IPAddress? PodIP { get; }

    /// <summary>Reads the switch and checks what Kubernetes hosting will read from the environment.</summary>
    /// <param name="configuration">The settings.</param>
    /// <param name="profile">The profile being built; the switch is refused outside the aws profile.</param>
    /// <param name="environment">The process environment, where Orleans reads its variables.</param>
    /// <exception cref="InvalidOperationException">A setting or variable is wrong; the one-line message names it.</exception>
    public static KubernetesHosting From(IConfiguration configuration, string profile, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var text = configuration[EnabledSetting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new KubernetesHosting(podIP: null);
        }

        if (!bool.TryParse(text, out var enabled))
        {
            throw new InvalidOperationException($"{EnabledSetting} '{text}' is not a boolean: use true or false.");
        }

        if (!enabled)
        {
            return new KubernetesHosting(podIP: null);
        }

        if (!string.Equals(profile, "aws", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{EnabledSetting} is true but LogGrains:Profile is '{profile}': Kubernetes hosting needs the aws profile's DynamoDB clustering.");
        }

        var missing = PodVariables.Where(v => string.IsNullOrWhiteSpace(environment(v.Variable))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{EnabledSetting} is true but {string.Join(", ", missing.Select(v => v.Variable))} "
                + $"{(missing.Count == 1 ? "is" : "are")} not set: give {string.Join(", ", missing.Select(v => $"{v.Variable} from {v.FieldPath}"))} through the downward API.");
        }

        var podIPText = environment("POD_IP")!;
        if (!IPAddress.TryParse(podIPText, out var podIP))
        {
            throw new InvalidOperationException($"{EnabledSetting} is true but POD_IP '{podIPText}' is not an IP address: give it from status.podIP.");
        }

        RefuseDisagreement(configuration, environment, "LogGrains:Cluster:ClusterId", "ORLEANS_CLUSTER_ID");
        RefuseDisagreement(configuration, environment, "LogGrains:Cluster:ServiceId", "ORLEANS_SERVICE_ID");
        return new KubernetesHosting(podIP);
    }

    /// <summary>Adds Orleans' Kubernetes hosting when the switch is on; call it after the cluster identity is configured.</summary>
    public void Apply(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (PodIP is not { } podIP)
        {
            return;
        }

        // ConfigureEndpoints advertises the first local address it resolves, and Kubernetes hosting fills in the
        // advertised address only when none is set: the pod's IP is the one other silos can reach.
        silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = podIP);
        silo.UseKubernetesHosting();
    }

    private static void RefuseDisagreement(IConfiguration configuration, Func<string, string?> environment, string setting, string variable)
    {
        var ours = configuration[setting];
        var theirs = environment(variable);

        // Orleans ignores a blank variable, so only a non-blank one can override the setting.
        if (string.IsNullOrWhiteSpace(ours) || string.IsNullOrWhiteSpace(theirs) || string.Equals(ours, theirs, StringComparison.Ordinal))
        {
            return;
        }

        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"{setting} '{ours}' disagrees with {variable} '{theirs}', which Orleans' Kubernetes hosting would use instead: give both the same value (the pod label's)."));
    }
}
