using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace VerifyTrack.Web.Webhooks;

/// <summary>A connection refused because the receiver's address is not on the public internet.</summary>
public sealed class ForbiddenAddressException(string message) : Exception(message);

/// <summary>
/// Keeps webhooks off the app's own networks. Registration resolves the URL's host and refuses it when any address is
/// not public; every delivery connects through <see cref="ConnectAsync"/>, which resolves the host again and connects
/// only to the addresses it just checked, so a name that changes its answer after registration (DNS rebinding) gains
/// nothing. Both are skipped when <see cref="WebhookOptions.AllowPrivateNetworks"/> is set.
/// </summary>
public sealed class WebhookAddresses(IOptions<WebhookOptions> options)
{
    public const int UrlMax = 2000;

    /// <summary>What is wrong with <paramref name="url"/> as an endpoint, or null when it may be registered.</summary>
    public async Task<string?> CheckAsync(string? url, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "url is required: the receiver's http(s) address.";
        }

        if (url.Length > UrlMax || !TextRules.IsHttpUrl(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return $"url must be an absolute http or https URL of at most {UrlMax} characters, without a user name or password.";
        }

        if (options.Value.AllowPrivateNetworks)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.Host, cancellationToken);
        }
        catch (SocketException)
        {
            return $"url's host {uri.Host} does not resolve to an address.";
        }

        return addresses.Select(a => (Address: a, Range: NetworkRules.ForbiddenRange(a))).FirstOrDefault(a => a.Range is not null) is { Range: not null } refused
            ? $"url's host {uri.Host} is {refused.Address}, on a network webhooks may not reach: {refused.Range}."
            : null;
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> of the webhook client: resolve, check, connect to what was checked.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken);
        if (!options.Value.AllowPrivateNetworks)
        {
            foreach (var address in addresses)
            {
                if (NetworkRules.ForbiddenRange(address) is { } range)
                {
                    throw new ForbiddenAddressException($"Refused to connect to {host} ({address}): {range} is not reachable by webhooks.");
                }
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var literal))
        {
            return [literal];
        }

        var addresses = await Dns.GetHostAddressesAsync(bare, cancellationToken);
        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.HostNotFound);
    }
}
