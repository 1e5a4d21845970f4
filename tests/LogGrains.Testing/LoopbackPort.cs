using System.Net;
using System.Net.Sockets;

namespace LogGrains.Testing;

/// <summary>Free TCP ports on 127.0.0.1, for the servers tests start (moto, silos, web hosts).</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free a moment ago (the OS picks it; a race with another process is possible but rare).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
