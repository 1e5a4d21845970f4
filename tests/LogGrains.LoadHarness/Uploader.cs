using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using LogGrains.Testing.Aws;

namespace LogGrains.LoadHarness;

/// <summary>
/// Stages objects straight into moto's bucket (not through the fault proxy: the faults are the silos' alone) and
/// remembers when each upload finished, the object's creation time for the latency figures.
/// </summary>
internal sealed class Uploader(Uri moto, string bucket, string queueUrl, string deadLetterQueueUrl) : IDisposable
{
    private readonly AmazonS3Client _s3 = TestAws.S3(moto);
    private readonly AmazonSQSClient _sqs = TestAws.Sqs(moto);

    public ConcurrentDictionary<int, long> UploadedAtMs { get; } = new();

    public long UncompressedBytes => Interlocked.Read(ref _uncompressed);

    public long GzipBytes => Interlocked.Read(ref _gzip);

    public int Uploaded => Volatile.Read(ref _count);

    private long _uncompressed;
    private long _gzip;
    private int _count;

    public async Task UploadAsync(IEnumerable<StagedObject> objects, CancellationToken token)
    {
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = token }, async (o, t) =>
        {
            var (gzip, uncompressed) = o.Generate();
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = o.Key, InputStream = new MemoryStream(gzip) }, t).ConfigureAwait(false);
            UploadedAtMs[o.Number] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Interlocked.Add(ref _uncompressed, uncompressed);
            Interlocked.Add(ref _gzip, gzip.Length);
            Interlocked.Increment(ref _count);
        }).ConfigureAwait(false);
    }

    /// <summary>Visible plus in-flight messages of the work queue.</summary>
    public async Task<int> QueuedAsync(CancellationToken token)
    {
        return await TestAws.QueueDepthAsync(_sqs, queueUrl, token).ConfigureAwait(false);
    }

    /// <summary>Messages in the dead-letter queue.</summary>
    public async Task<int> DeadLetteredAsync(CancellationToken token)
    {
        return await TestAws.QueueDepthAsync(_sqs, deadLetterQueueUrl, token).ConfigureAwait(false);
    }

    /// <summary>
    /// Feeds <paramref name="objects"/> in waves so that at most <paramref name="wave"/> notifications wait in the queue
    /// (moto's SQS scans the whole queue on every call); returns when the last is staged.
    /// </summary>
    public async Task FeedInWavesAsync(IReadOnlyList<StagedObject> objects, int wave, CancellationToken token)
    {
        var next = 0;
        while (next < objects.Count)
        {
            var room = wave - await QueuedAsync(token).ConfigureAwait(false);
            if (room >= Math.Min(25, wave))
            {
                var take = Math.Min(room, objects.Count - next);
                await UploadAsync(objects.Skip(next).Take(take), token).ConfigureAwait(false);
                next += take;
            }
            else
            {
                await Task.Delay(250, token).ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        _s3.Dispose();
        _sqs.Dispose();
    }
}
