using System.Net;
using System.Net.Sockets;

namespace LogGrains.Testing;

/// <summary>Free TCP ports on 127.0.0.1, for the servers tests start (moto, silos, web hosts).</summary>
public static class LoopbackPort
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A port that was free a moment ago and that this process has not handed out before: the OS may offer a port it just
    /// released again (a silo port and a gateway port asked for one after the other came out equal). A race with another
    /// process is still possible but rare.
    /// </summary>
    public static int Free()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Gate)
            {
                if (Given.Add(port) || attempt >= 100)
                {
                    return port;
                }
            }
        }
    }
}
