namespace Switchyard.Protocol.Auth;

/// <summary>Splitting and percent-decoding of a raw query string, as SigV4 reads it.</summary>
internal static class QueryParameters
{
    /// <summary>
    /// Decoded <c>name=value</c> pairs in their original order. A name without <c>=</c> has an empty value.
    /// Only <c>%XX</c> escapes are decoded: SigV4 treats <c>+</c> as a literal plus, not a space.
    /// </summary>
    public static List<KeyValuePair<string, string>> Parse(string rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(rawQuery))
            return pairs;

        var query = rawQuery.AsSpan();
        if (query.Length > 0 && query[0] == '?')
            query = query[1..];

        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
                continue;
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? ReadOnlySpan<char>.Empty : pair[(equals + 1)..];
            pairs.Add(new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }
        return pairs;
    }

    /// <summary>
    /// Cheap pre-check so that ordinary requests (no query, or no SigV4 parameters) never pay for parsing.
    /// </summary>
    public static bool MayCarrySignature(string rawQuery) =>
        !string.IsNullOrEmpty(rawQuery) && rawQuery.Contains("X-Amz-Algorithm", StringComparison.Ordinal);

    public static string? Find(List<KeyValuePair<string, string>> pairs, string name)
    {
        foreach (var pair in pairs)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
                return pair.Value;
        }
        return null;
    }
}
