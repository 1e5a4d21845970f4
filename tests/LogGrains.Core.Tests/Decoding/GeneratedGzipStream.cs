using System.IO.Compression;
using System.Text;

namespace LogGrains.Core.Tests.Decoding;

/// <summary>
/// A gzip stream of full-size Vector NDJSON records, compressed lazily as it is read, so a test can decode tens of
/// MiB without ever holding them (or writing them to disk).
/// </summary>
internal sealed class GeneratedGzipStream : Stream
{
    private readonly long _plainBytes;
    private readonly MemoryStream _compressed = new();
    private readonly GZipStream _gzip;
    private readonly byte[] _recordPrefix;
    private readonly byte[] _recordSuffix;
    private long _written;
    private int _readPosition;
    private bool _finished;

    public GeneratedGzipStream(long plainBytes)
    {
        _plainBytes = plainBytes;
        _gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);
        _recordPrefix = Encoding.UTF8.GetBytes(
            "{\"application\":\"payment-service\",\"cluster_id\":\"prod-cluster-1\",\"customer_id\":\"acme-corp\",\"file\":\"/var/log/pods/payments_payment-service-7d9f8b6c5-x2k4p_0c1f2e3d/app/0.log\"," +
            "\"kubernetes\":{\"container_id\":\"cri-o://3f2a9c1b7e6d5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a\",\"container_image\":\"quay.io/acme/payment-service:2.14.1\"," +
            "\"container_image_id\":\"quay.io/acme/payment-service@sha256:9b1c7f0e4d2a8b6c3e5f7a9d1b3c5e7f9a1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f\",\"container_name\":\"app\"," +
            "\"namespace_labels\":{\"kubernetes.io/metadata.name\":\"payments\",\"rosa_export_logs\":\"true\"},\"node_labels\":{\"kubernetes.io/hostname\":\"ip-10-0-1-23.ec2.internal\",\"topology.kubernetes.io/zone\":\"us-east-1a\"}," +
            "\"pod_annotations\":{\"customer_id\":\"acme-corp\",\"cluster_id\":\"prod-cluster-1\",\"application\":\"payment-service\"},\"pod_ip\":\"10.128.2.17\",\"pod_ips\":[\"10.128.2.17\"]," +
            "\"pod_labels\":{\"app\":\"payment-service\",\"pod-template-hash\":\"7d9f8b6c5\",\"rosa_export_logs\":\"true\"},\"pod_name\":\"payment-service-7d9f8b6c5-x2k4p\",\"pod_namespace\":\"payments\"," +
            "\"pod_node_name\":\"ip-10-0-1-23.ec2.internal\",\"pod_owner\":\"ReplicaSet/payment-service-7d9f8b6c5\",\"pod_uid\":\"0c1f2e3d-4a5b-6c7d-8e9f-0a1b2c3d4e5f\"}," +
            "\"message\":\"{\\\"level\\\":\\\"info\\\",\\\"msg\\\":\\\"payment authorized\\\",\\\"order_id\\\":\\\"A-");
        _recordSuffix = Encoding.UTF8.GetBytes(
            "\\\",\\\"trace_id\\\":\\\"4bf92f3577b34da6a3ce929d0e0e4736\\\"}\",\"pod_name\":\"payment-service-7d9f8b6c5-x2k4p\",\"source_type\":\"kubernetes_logs\",\"stream\":\"stdout\",\"timestamp\":\"2026-11-26T12:00:00.101374912Z\"}\n");
    }

    /// <summary>Records generated so far (all of them once the stream is exhausted).</summary>
    public long Records { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_readPosition == _compressed.Length && !_finished)
        {
            _compressed.SetLength(0);
            _readPosition = 0;
            Produce();
        }

        var available = (int)_compressed.Length - _readPosition;
        var count = Math.Min(available, buffer.Length);
        _compressed.GetBuffer().AsSpan(_readPosition, count).CopyTo(buffer);
        _readPosition += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _compressed.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Produce()
    {
        Span<byte> number = stackalloc byte[20];
        for (var i = 0; i < 64 && _written < _plainBytes; i++)
        {
            Records++;
            Records.TryFormat(number, out var digits, default, null);
            _gzip.Write(_recordPrefix);
            _gzip.Write(number[..digits]);
            _gzip.Write(_recordSuffix);
            _written += _recordPrefix.Length + digits + _recordSuffix.Length;
        }

        if (_written >= _plainBytes)
        {
            _gzip.Dispose();
            _finished = true;
        }
    }
}
