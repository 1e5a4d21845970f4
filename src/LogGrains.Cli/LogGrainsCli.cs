using System.CommandLine;
using Amazon.Runtime;
using LogGrains.Core.Ports;

namespace LogGrains.Cli;

/// <summary>
/// The <c>loggrains</c> command line. <c>run</c> is the default verb: no verb, or only configuration arguments
/// (<c>--LogGrains:Profile=aws</c>), runs the silo (the executable passes its silo entry point in, see <see cref="RunAsync(string[], Func{string[], Task{int}})"/>). The other verbs
/// (<c>tenants</c>, <c>replay</c>, <c>inspect</c>, <c>usage</c>) read the same settings (environment variables, then
/// <c>--Section:Key=value</c> arguments) and exit 0 when all is well, 1 when a check, an item or a delivery failed,
/// and 2 when the command line or a setting is wrong (one line on standard error naming it).
/// </summary>
internal static class LogGrainsCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "tenants", "replay", "inspect", "usage", "help", "-h", "--help", "-?", "--version" };

    /// <summary>Runs the command line on the process's console; <paramref name="runSilo"/> runs a silo with its arguments.</summary>
    public static Task<int> RunAsync(string[] args, Func<string[], Task<int>> runSilo) =>
        RunAsync(args, CliContext.System(), runSilo, CancellationToken.None);

    /// <summary>Runs the command line with the given console, input and extra settings.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, Func<string[], Task<int>> runSilo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runSilo);
        if (IsSiloInvocation(args, out var siloArgs))
        {
            return await runSilo(siloArgs).ConfigureAwait(false);
        }

        var root = Build(context, runSilo);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await context.Error.WriteLineAsync($"loggrains: {error.Message}").ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync("loggrains: see 'loggrains --help'.").ConfigureAwait(false);
            return Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = context.Out.Profile.Out.Writer,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// No verb and nothing but configuration arguments (or the explicit <c>run</c> verb): the silo, with the arguments
    /// it would get from <c>dotnet run</c>.
    /// </summary>
    internal static bool IsSiloInvocation(string[] args, out string[] siloArgs)
    {
        siloArgs = args;
        if (args.Length == 0)
        {
            return true;
        }

        if (args[0] == "run")
        {
            siloArgs = args[1..];
            return siloArgs.All(IsConfigurationArgument);
        }

        return !Verbs.Contains(args[0]) && args.All(IsConfigurationArgument);
    }

    /// <summary><c>--Key:Sub=value</c>, <c>/Key:Sub=value</c> or <c>Key:Sub=value</c>: a setting, as .NET's command-line configuration reads it.</summary>
    internal static bool IsConfigurationArgument(string token)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return false;
        }

        var key = token[..equals].TrimStart('-', '/');
        return key.Length > 0 && !key.Contains(' ', StringComparison.Ordinal);
    }

    private static RootCommand Build(CliContext context, Func<string[], Task<int>> runSilo)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON for scripts instead of tables." };
        var root = new RootCommand("LogGrains: delivers Kubernetes logs from S3 staging into each customer's AWS account. Without a verb, runs a silo.");

        var run = new Command("run", "Run a silo (the default when no verb is given); takes configuration arguments such as --LogGrains:Profile=aws.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        run.SetAction(async (parse, _) =>
        {
            var unknown = parse.UnmatchedTokens.Where(t => !IsConfigurationArgument(t)).ToList();
            if (unknown.Count > 0)
            {
                await context.Error.WriteLineAsync($"loggrains: unrecognized argument(s) {string.Join(" ", unknown.Select(t => $"'{t}'"))}; settings are given as --Section:Key=value.").ConfigureAwait(false);
                return Usage;
            }

            return await runSilo([.. parse.UnmatchedTokens]).ConfigureAwait(false);
        });
        root.Subcommands.Add(run);

        var tenants = new Command("tenants", "Read, write and check the tenant table of the configured profile.");
        var tenantArgument = new Argument<string>("tenant") { Description = "The tenant id (tenant_id)." };

        var list = Leaf("list", "List every tenant and the state of each delivery item.", json);
        list.SetAction((parse, ct) => Guard(context, parse, s => new TenantCommands(context, s).ListAsync(parse.GetValue(json), ct)));
        tenants.Subcommands.Add(list);

        var get = Leaf("get", "Show a tenant's items and whether each is valid.", json, tenantArgument);
        get.SetAction((parse, ct) => Guard(context, parse, s => new TenantCommands(context, s).GetAsync(parse.GetValue(tenantArgument)!, parse.GetValue(json), ct)));
        tenants.Subcommands.Add(get);

        var source = new Argument<string>("file") { Description = "A JSON file holding one tenant item (DynamoDB item shape) or an array of items; - reads standard input." };
        var put = Leaf("put", "Validate and write tenant item(s); an invalid item is refused with its reasons and nothing is written.", null, source);
        put.SetAction((parse, ct) => Guard(context, parse, s => new TenantCommands(context, s).PutAsync(parse.GetValue(source)!, ct)));
        tenants.Subcommands.Add(put);

        var type = new Option<string?>("--type") { Description = "Delete only this delivery type; without it, every item of the tenant." };
        type.AcceptOnlyFromAmong("cloudwatch", "s3");
        var delete = Leaf("delete", "Delete a tenant's delivery item(s).", null, tenantArgument);
        delete.Options.Add(type);
        delete.SetAction((parse, ct) => Guard(context, parse, s => new TenantCommands(context, s).DeleteAsync(parse.GetValue(tenantArgument)!, parse.GetValue(type), ct)));
        tenants.Subcommands.Add(delete);

        var validate = Leaf("validate", "Check each delivery of a tenant: the item, both role hops and the log group; exit 1 if any check fails.", json, tenantArgument);
        var sample = new Option<string[]>("--sample") { Description = "A log line to run each cloudwatch delivery's content rules over (kept or excluded, and the redacted text); repeatable." };
        validate.Options.Add(sample);
        validate.SetAction((parse, ct) => Guard(context, parse, s => new TenantValidation(context, s).RunAsync(parse.GetValue(tenantArgument)!, parse.GetValue(json), parse.GetValue(sample) ?? [], ct)));
        tenants.Subcommands.Add(validate);
        root.Subcommands.Add(tenants);

        root.Subcommands.Add(ReplayVerb(context, json));

        var file = new Argument<string>("file") { Description = "A Vector file (gzip or not)." };
        var inspect = Leaf("inspect", "Show how a local Vector file decodes and batches, as delivery would.", json, file);
        inspect.SetAction((parse, ct) => Guard(context, parse, s => new InspectCommand(context, s).RunAsync(parse.GetValue(file)!, parse.GetValue(json), ct)));
        root.Subcommands.Add(inspect);
        root.Subcommands.Add(UsageVerb(context));
        return root;
    }

    private static Command ReplayVerb(CliContext context, Option<bool> json)
    {
        var bucket = new Option<string>("--bucket") { Description = "The staging bucket.", Required = true };
        var prefix = new Option<string>("--prefix") { Description = "The key prefix to replay (\"\" for the whole bucket).", Required = true };
        var since = new Option<string?>("--since") { Description = "Only objects last modified at or after this time: ISO 8601 (UTC when no offset) or an age such as 6h, 2d." };
        var until = new Option<string?>("--until") { Description = "Only objects last modified before this time (same forms as --since)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List and count only; deliver nothing." };
        var parallelism = new Option<int>("--parallelism") { Description = "Deliveries in flight at once (1-4096).", DefaultValueFactory = _ => 64 };
        parallelism.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 4096)
            {
                result.AddError("--parallelism must be between 1 and 4096.");
            }
        });
        var replay = Leaf("replay", "Deliver the objects under an S3 prefix again through the running cluster; exactly-once per object thanks to the stream checkpoints.", json);
        foreach (var option in new Option[] { bucket, prefix, since, until, dryRun, parallelism })
        {
            replay.Options.Add(option);
        }

        replay.SetAction((parse, ct) => Guard(context, parse, async s =>
        {
            var now = context.Time.GetUtcNow();
            DateTimeOffset? from = null, to = null;
            if (parse.GetValue(since) is { } sinceText)
            {
                from = TimeArgument.TryParse(sinceText, now, out var t) ? t : throw new CliUsageException($"--since '{sinceText}' is not a time (ISO 8601, or an age such as 6h or 2d).");
            }

            if (parse.GetValue(until) is { } untilText)
            {
                to = TimeArgument.TryParse(untilText, now, out var t) ? t : throw new CliUsageException($"--until '{untilText}' is not a time (ISO 8601, or an age such as 6h or 2d).");
            }

            if (from is { } f && to is { } u && u <= f)
            {
                throw new CliUsageException($"--until ({u:O}) must be after --since ({f:O}).");
            }

            var request = new ReplayRequest(parse.GetValue(bucket)!, parse.GetValue(prefix) ?? "", from, to, parse.GetValue(dryRun), parse.GetValue(parallelism), parse.GetValue(json));
            return await new ReplayCommand(context, s).RunAsync(request, ct).ConfigureAwait(false);
        }));
        return replay;
    }

    private static Command UsageVerb(CliContext context)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant; without it, every tenant." };
        var from = new Option<string?>("--from") { Description = "The first UTC day, yyyy-MM-dd (default: the first day of this month)." };
        var to = new Option<string?>("--to") { Description = "The last UTC day, yyyy-MM-dd (default: today)." };
        var format = new Option<string>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(UsageCommand.Formats);
        var usage = Leaf("usage", "Show what each tenant used per UTC day and delivery: objects, events, bytes, calls, copies, exclusions, dead letters.", null);
        foreach (var option in new Option[] { tenant, from, to, format })
        {
            usage.Options.Add(option);
        }

        usage.SetAction((parse, ct) => Guard(context, parse, s => new UsageCommand(context, s).RunAsync(
            parse.GetValue(tenant), parse.GetValue(from), parse.GetValue(to), parse.GetValue(format)!, ct)));
        return usage;
    }

    private static Command Leaf(string name, string description, Option<bool>? json, Argument? argument = null)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        if (argument is not null)
        {
            command.Arguments.Add(argument);
        }

        if (json is not null)
        {
            command.Options.Add(json);
        }

        return command;
    }

    /// <summary>
    /// Builds the settings (environment, then the context's, then <c>--Key=value</c> arguments), runs the verb and turns
    /// the failures every verb shares into one line on standard error and an exit code.
    /// </summary>
    private static async Task<int> Guard(CliContext context, ParseResult parse, Func<CliSettings, Task<int>> verb)
    {
        var unknown = parse.UnmatchedTokens.Where(t => !IsConfigurationArgument(t)).ToList();
        if (unknown.Count > 0)
        {
            await context.Error.WriteLineAsync($"loggrains: unrecognized argument(s) {string.Join(" ", unknown.Select(t => $"'{t}'"))}; settings are given as --Section:Key=value.").ConfigureAwait(false);
            return Usage;
        }

        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(context.Settings)
            .AddCommandLine([.. parse.UnmatchedTokens])
            .Build();
        try
        {
            return await verb(new CliSettings(configuration)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CliSettingException or CliUsageException)
        {
            await context.Error.WriteLineAsync($"loggrains: {e.Message}").ConfigureAwait(false);
            return Usage;
        }
        catch (Exception e) when (e is DeliveryException or CliFailureException or AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            await context.Error.WriteLineAsync($"loggrains: {OneLine(e.Message)}").ConfigureAwait(false);
            return Failed;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
