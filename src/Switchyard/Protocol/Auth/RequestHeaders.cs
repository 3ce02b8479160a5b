namespace Switchyard.Protocol.Auth;

/// <summary>Case-insensitive lookups over headers kept as received (a name may repeat).</summary>
internal static class RequestHeaders
{
    /// <summary>The first value of a header, or null when absent.</summary>
    public static string? First(IReadOnlyList<KeyValuePair<string, string>> headers, string lowerCaseName)
    {
        // A plain loop: a JSON request has a dozen headers, far too few for a dictionary to pay off.
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Key, lowerCaseName, StringComparison.OrdinalIgnoreCase))
                return headers[i].Value;
        }
        return null;
    }
}
