using System.Globalization;
using System.Threading.Channels;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LogGrains.Abstractions;
using LogGrains.Aws.S3;
using LogGrains.Core.Keys;
using Spectre.Console;

namespace LogGrains.Cli;

/// <summary>
/// <c>loggrains replay</c>: lists a staging prefix with ListObjectsV2, page after page until the listing ends (not only
/// the first 1,000 keys: defect 16), keeps the objects last modified inside the window, parses each key with the
/// configured key layout (a key that does not fit is rejected with its reason, never delivered) and delivers each
/// object through the running cluster's <see cref="ITenantGrain"/>, as a notification would, with bounded parallelism.
/// </summary>
/// <remarks>
/// The window (<c>--since</c>/<c>--until</c>) is on <c>LastModified</c>, but the object's event time is
/// <see cref="ObjectEventTime.Of"/>, the rule the notification poller applies: the collector's <c>{ts}</c> in the file
/// name, and <c>LastModified</c> only for a file name without one. Events without a timestamp get that time and the
/// stream name (which holds the date) is the one the notification chose, even for an object uploaded across midnight
/// UTC, so the stream grains' per-object checkpoints make a replay of a delivered object a duplicate, in the same
/// stream, never a second copy in the next day's stream.
/// </remarks>
internal sealed class ReplayCommand(CliContext context, CliSettings settings)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);
    private const int ReasonLinesShown = 20;

    public async Task<int> RunAsync(ReplayRequest request, CancellationToken cancellationToken)
    {
        if (!settings.IsAws)
        {
            throw new CliSettingException("LogGrains:Profile is 'local': replay lists an S3 bucket and delivers through the aws-profile cluster; set LogGrains:Profile=aws.");
        }

        var layout = settings.KeyLayout;
        var region = settings.Region;
        var serviceUrl = settings.ServiceUrl;
        var summary = new ReplaySummary();
        var started = context.Time.GetTimestamp();
        ClusterConnection? cluster = null;
        if (!request.DryRun)
        {
            cluster = await ClusterConnection.ConnectAsync(settings, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            using var s3 = new AmazonS3Client(S3ClientConfigs.Create(serviceUrl, region, forcePathStyle: serviceUrl is not null, maxErrorRetry: null));
            var queue = Channel.CreateBounded<StagedObject>(new BoundedChannelOptions(4 * Math.Max(request.Parallelism, 256)) { SingleWriter = true });
            var listing = ListAsync(s3, request, layout, summary, queue.Writer, cancellationToken);
            var delivering = cluster is null
                ? DrainAsync(queue.Reader, cancellationToken)
                : DeliverAllAsync(cluster.Client, queue.Reader, request.Parallelism, summary, cancellationToken);
            var work = Task.WhenAll(listing, delivering);
            if (context.Interactive && !request.Json)
            {
                await ShowProgressBarAsync(work, summary, () => listing.IsCompleted, request.DryRun).ConfigureAwait(false);
            }
            else
            {
                await ShowProgressLinesAsync(work, summary, request.Json ? context.Error : context.Out.Profile.Out.Writer, request.DryRun).ConfigureAwait(false);
            }

            await work.ConfigureAwait(false);
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
            }
        }

        var elapsed = context.Time.GetElapsedTime(started);
        if (request.Json)
        {
            WriteJson(request, summary, elapsed);
        }
        else
        {
            WriteTable(request, summary, elapsed);
        }

        return summary.Failed > 0 ? 1 : 0;
    }

    private static async Task ListAsync(
        AmazonS3Client s3, ReplayRequest request, KeyLayout layout, ReplaySummary summary, ChannelWriter<StagedObject> queue, CancellationToken cancellationToken)
    {
        try
        {
            string? token = null;
            do
            {
                ListObjectsV2Response page;
                try
                {
                    page = await s3.ListObjectsV2Async(
                        new ListObjectsV2Request { BucketName = request.Bucket, Prefix = request.Prefix, ContinuationToken = token },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (AmazonServiceException e)
                {
                    throw new CliFailureException(
                        $"listing s3://{request.Bucket}/{request.Prefix} failed after {summary.Pages} page(s): {e.ErrorCode} (HTTP {(int)e.StatusCode}): {e.Message}", e);
                }

                summary.Page();
                foreach (var obj in page.S3Objects ?? [])
                {
                    var modified = obj.LastModified is { } at
                        ? new DateTimeOffset(at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : DateTime.SpecifyKind(at, DateTimeKind.Utc))
                        : DateTimeOffset.UnixEpoch;
                    var inWindow = (request.Since is not { } since || modified >= since) && (request.Until is not { } until || modified < until);
                    summary.Listing(inWindow);
                    if (!inWindow)
                    {
                        continue;
                    }

                    if (!layout.TryParse(obj.Key, out var key, out var rejection))
                    {
                        summary.Reject(obj.Key, $"{rejection.Reason}: {rejection.Message}");
                        continue;
                    }

                    summary.Queue(key.Tenant);
                    var staged = new StagedObject(
                        request.Bucket, obj.Key, obj.Size ?? 0, (obj.ETag ?? "").Trim('"'), string.Empty, ObjectEventTime.Of(key, modified),
                        key.Tenant, key.ClusterId, key.Application, key.PodName, key.FileName);
                    await queue.WriteAsync(staged, cancellationToken).ConfigureAwait(false);
                }

                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (token is not null);
            queue.Complete();
        }
        catch (Exception e)
        {
            queue.Complete(e);
            throw;
        }
    }

    private static async Task DrainAsync(ChannelReader<StagedObject> queue, CancellationToken cancellationToken)
    {
        await foreach (var _ in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }

    private static Task DeliverAllAsync(
        IClusterClient client, ChannelReader<StagedObject> queue, int parallelism, ReplaySummary summary, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            queue.ReadAllAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (staged, _) =>
            {
                DeliveryOutcome outcome;
                try
                {
                    outcome = await client.GetGrain<ITenantGrain>(staged.Tenant).Deliver(staged).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Timeouts, a silo gone, anything the call threw: this object failed, the others go on.
                    summary.Fail(staged.Key, $"the cluster call failed ({e.GetType().Name}): {e.Message}", 0, 0);
                    return;
                }

                switch (outcome.Status)
                {
                    case DeliveryStatus.Delivered:
                        summary.Deliver(outcome.Events, outcome.Bytes);
                        break;
                    case DeliveryStatus.Filtered:
                        summary.Filter();
                        break;
                    case DeliveryStatus.Duplicate:
                        summary.Duplicate();
                        break;
                    default:
                        summary.Fail(staged.Key, $"{outcome.Status}: {outcome.Reason}", outcome.Events, outcome.Bytes);
                        break;
                }
            });

    private async Task ShowProgressBarAsync(Task work, ReplaySummary summary, Func<bool> listingDone, bool dryRun)
    {
        await context.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var listing = progress.AddTask("listing");
                var delivering = dryRun ? null : progress.AddTask("delivering");
                while (true)
                {
                    var finished = work.IsCompleted;
                    listing.Description = $"listed {summary.Listed:N0} ({summary.Pages} page(s))";
                    listing.MaxValue = 1;
                    listing.Value = listingDone() ? 1 : 0.5;
                    if (delivering is not null)
                    {
                        delivering.MaxValue = Math.Max(1, summary.ToDeliver);
                        delivering.Value = summary.Done;
                        delivering.Description = $"delivered {summary.Delivered:N0}, duplicates {summary.Duplicates:N0}, failed {summary.Failed:N0}";
                    }

                    if (finished)
                    {
                        listing.Value = listing.MaxValue;
                        delivering?.StopTask();
                        listing.StopTask();
                        return;
                    }

                    await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None)).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
    }

    private static async Task ShowProgressLinesAsync(Task work, ReplaySummary summary, TextWriter output, bool dryRun)
    {
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(ProgressInterval, CancellationToken.None)).ConfigureAwait(false);
            if (work.IsCompleted)
            {
                return;
            }

            await output.WriteLineAsync(dryRun
                ? string.Create(CultureInfo.InvariantCulture, $"replay: listed {summary.Listed} in {summary.Pages} page(s), {summary.ToDeliver} to deliver")
                : string.Create(CultureInfo.InvariantCulture, $"replay: listed {summary.Listed} in {summary.Pages} page(s), done {summary.Done}/{summary.ToDeliver} (delivered {summary.Delivered}, duplicates {summary.Duplicates}, filtered {summary.Filtered}, failed {summary.Failed})")).ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
        }
    }

    private void WriteTable(ReplayRequest request, ReplaySummary s, TimeSpan elapsed)
    {
        var table = new Table().AddColumns("", "objects").Title(Markup.Escape(
            $"replay s3://{request.Bucket}/{request.Prefix}{(request.DryRun ? " (dry run)" : "")}"));
        void Row(string name, long value) => table.AddRow(TenantCommands.Cells(name, value.ToString("N0", CultureInfo.InvariantCulture)));
        Row($"listed ({s.Pages} page(s))", s.Listed);
        Row("outside --since/--until", s.OutsideWindow);
        Row("matched", s.Matched);
        Row("rejected (key does not fit the layout)", s.Rejected);
        if (request.DryRun)
        {
            Row("would deliver", s.ToDeliver);
            foreach (var (tenant, count) in s.PerTenant.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Row($"  tenant {tenant}", count);
            }
        }
        else
        {
            Row("delivered", s.Delivered);
            Row("filtered (not wanted by the tenant)", s.Filtered);
            Row("duplicates (already delivered)", s.Duplicates);
            Row("failed", s.Failed);
            Row("events sent", s.Events);
        }

        context.Out.Write(table);
        WriteReasons("rejected", s.Rejections);
        WriteReasons("failed", s.Failures);
        context.WriteLineRaw(string.Create(CultureInfo.InvariantCulture,
            $"{(s.Failed > 0 ? "✗" : "✓")} replay {(request.DryRun ? "dry run " : "")}finished in {elapsed.TotalSeconds:0.0} s: listed {s.Listed}, matched {s.Matched}, delivered {s.Delivered}, filtered {s.Filtered}, duplicates {s.Duplicates}, rejected {s.Rejected}, failed {s.Failed}"));
    }

    private void WriteReasons(string what, IEnumerable<(string Key, string Reason)> reasons)
    {
        var all = reasons.ToList();
        foreach (var (key, reason) in all.Take(ReasonLinesShown))
        {
            context.WriteLineRaw($"  ✗ {what} {key}: {reason}");
        }

        if (all.Count > ReasonLinesShown)
        {
            context.WriteLineRaw($"  … and {all.Count - ReasonLinesShown} more {what} (see --json for all)");
        }
    }

    private void WriteJson(ReplayRequest request, ReplaySummary s, TimeSpan elapsed) =>
        context.WriteLineRaw(TenantCommands.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("bucket", request.Bucket);
            w.WriteString("prefix", request.Prefix);
            w.WriteBoolean("dryRun", request.DryRun);
            w.WriteNumber("seconds", Math.Round(elapsed.TotalSeconds, 1));
            w.WriteNumber("pages", s.Pages);
            w.WriteNumber("listed", s.Listed);
            w.WriteNumber("outsideWindow", s.OutsideWindow);
            w.WriteNumber("matched", s.Matched);
            w.WriteNumber("rejected", s.Rejected);
            w.WriteNumber("toDeliver", s.ToDeliver);
            w.WriteNumber("delivered", s.Delivered);
            w.WriteNumber("filtered", s.Filtered);
            w.WriteNumber("duplicates", s.Duplicates);
            w.WriteNumber("failed", s.Failed);
            w.WriteNumber("events", s.Events);
            w.WriteNumber("bytes", s.Bytes);
            w.WriteStartObject("perTenant");
            foreach (var (tenant, count) in s.PerTenant.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(tenant, count);
            }

            w.WriteEndObject();
            WriteList(w, "rejections", s.Rejections);
            WriteList(w, "failures", s.Failures);
            w.WriteEndObject();
        }));

    private static void WriteList(System.Text.Json.Utf8JsonWriter w, string name, IEnumerable<(string Key, string Reason)> entries)
    {
        w.WriteStartArray(name);
        foreach (var (key, reason) in entries)
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("reason", reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
