using System.Text;

namespace Switchyard.Delivery.ApiDestinations;

/// <summary>Appends percent-encoded query parameters to a URL that may already have a query.</summary>
public static class QueryStrings
{
    public static string Append(string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder(url);
        var separator = url.Contains('?') ? (url.EndsWith('?') || url.EndsWith('&') ? "" : "&") : "?";
        foreach (var (key, value) in parameters)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            separator = "&";
        }
        return builder.ToString();
    }
}
