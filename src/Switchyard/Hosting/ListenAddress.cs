using System.Net;
using System.Net.Sockets;
using Switchyard.Settings;

namespace Switchyard.Hosting;

/// <summary>
/// Turns <c>--host</c> into the address Kestrel listens on. Kestrel binds every interface for a host name it does not
/// know, so a typo would silently open the server to the network: a name is resolved here and its address used, and
/// anything that neither parses nor resolves is refused.
/// </summary>
public static class ListenAddress
{
    private static readonly string[] Wildcards = ["*", "+", "0.0.0.0", "::", "[::]"];

    /// <summary>The addresses <paramref name="host"/> stands for; empty for every interface.</summary>
    /// <exception cref="OptionsException">The host neither parses as an address nor resolves.</exception>
    public static IReadOnlyList<IPAddress> Resolve(string host)
    {
        if (Wildcards.Contains(host)) return [];
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) return [address];
        try
        {
            var addresses = host.Length > 0 && Uri.CheckHostName(host) == UriHostNameType.Dns ? Dns.GetHostAddresses(host) : [];
            if (addresses.Length > 0) return [addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).First()];
        }
        catch (SocketException)
        {
        }
        throw new OptionsException($"--host '{host}' is neither an IP address nor a host name that resolves; "
            + "use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)");
    }

    /// <summary>The URL Kestrel is given: the resolved address, so a host name never widens what is listened on.</summary>
    public static string Url(ServerOptions options)
    {
        if (Wildcards.Contains(options.Host)) return $"http://{(options.Host.Contains(':') ? "[::]" : "0.0.0.0")}:{options.Port}";
        if (string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return $"http://localhost:{options.Port}";
        var address = Resolve(options.Host)[0];
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"http://[{address}]:{options.Port}" : $"http://{address}:{options.Port}";
    }

    /// <summary>Whether other machines may reach the server (anything but loopback addresses).</summary>
    public static bool BeyondLoopback(string host)
    {
        var addresses = Resolve(host);
        return addresses.Count == 0 || addresses.Any(a => !IPAddress.IsLoopback(a));
    }

    /// <summary>Binds the port once and lets it go, so a port in use is one plain line before the host starts.</summary>
    /// <exception cref="PortInUseException">Another process listens there.</exception>
    /// <exception cref="OptionsException">The address is not one of this machine's.</exception>
    public static void EnsurePortFree(ServerOptions options)
    {
        if (options.Port == 0) return;
        var addresses = Resolve(options.Host);
        foreach (var address in addresses.Count == 0 ? [IPAddress.Any] : addresses)
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(address, options.Port));
                probe.Listen();
            }
            catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new PortInUseException(InUseMessage(options));
            }
            catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressNotAvailable)
            {
                throw new OptionsException($"--host {options.Host} is not an address of this machine; use 127.0.0.1 or 0.0.0.0");
            }
            catch (SocketException) when (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // A machine without IPv6: Kestrel binds what it can for localhost.
            }
        }
    }

    public static string InUseMessage(ServerOptions options) =>
        $"port {options.Port} on {options.Host} is already in use; stop the process using it or choose another port with --port";
}

/// <summary>The port the server should listen on is taken.</summary>
public sealed class PortInUseException(string message) : Exception(message);
