using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LogGrains.Delivery.Tests;

/// <summary>
/// A loopback TCP relay that forwards every connection to one target and keeps every byte it carried, each
/// direction of each connection as one contiguous stream, so a test can search the traffic for a string however
/// the transport split it into packets.
/// </summary>
internal sealed class RecordingTcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<RecordedStream> _streams = [];
    private readonly ConcurrentBag<Task> _pumps = [];
    private Task _accepting = Task.CompletedTask;

    private RecordingTcpRelay(IPEndPoint target) => _target = target;

    /// <summary>The port the relay listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many bytes the relay has carried, both directions.</summary>
    public long ByteCount => _streams.Sum(s => s.Length);

    /// <summary>Starts a relay on a free loopback port that forwards to <paramref name="target"/>.</summary>
    public static RecordingTcpRelay Start(IPEndPoint target)
    {
        var relay = new RecordingTcpRelay(target);
        relay._listener.Start();
        relay._accepting = relay.AcceptAsync();
        return relay;
    }

    /// <summary>Whether any recorded stream contains <paramref name="needle"/>.</summary>
    public bool Contains(ReadOnlySpan<byte> needle)
    {
        foreach (var stream in _streams)
        {
            if (stream.Snapshot().AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_pumps).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _pumps.Add(RelayAsync(inbound));
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        using (inbound)
        using (var outbound = new TcpClient())
        {
            try
            {
                await outbound.ConnectAsync(_target, _stop.Token);
                var there = new RecordedStream();
                var back = new RecordedStream();
                _streams.Add(there);
                _streams.Add(back);
                await Task.WhenAny(
                    PumpAsync(inbound.GetStream(), outbound.GetStream(), there),
                    PumpAsync(outbound.GetStream(), inbound.GetStream(), back));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // A silo closing its connection ends the relay of that connection.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, RecordedStream record)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                record.Append(buffer.AsSpan(0, read));
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection ended.
        }
    }

    /// <summary>One direction of one connection.</summary>
    private sealed class RecordedStream
    {
        private readonly Lock _gate = new();
        private readonly ArrayBufferWriter<byte> _bytes = new();

        public long Length
        {
            get
            {
                lock (_gate)
                {
                    return _bytes.WrittenCount;
                }
            }
        }

        public void Append(ReadOnlySpan<byte> chunk)
        {
            lock (_gate)
            {
                _bytes.Write(chunk);
            }
        }

        public byte[] Snapshot()
        {
            lock (_gate)
            {
                return _bytes.WrittenSpan.ToArray();
            }
        }
    }
}
