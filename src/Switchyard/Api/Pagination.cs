using System.Buffers.Text;
using System.Text;
using Switchyard.Domain;

namespace Switchyard.Api;

/// <summary>
/// NextToken handling for List* operations: the token is an opaque encoding of the last name returned, so a page
/// stays correct when items are added or removed between calls.
/// </summary>
public static class Pagination
{
    public const int DefaultLimit = 100;

    public static (IReadOnlyList<T> Page, string? NextToken) Page<T>(
        IReadOnlyList<T> sortedItems, Func<T, string> key, string? nextToken, int? limit)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(nextToken))
        {
            var after = Decode(nextToken);
            while (start < sortedItems.Count && string.CompareOrdinal(key(sortedItems[start]), after) <= 0) start++;
        }
        var size = limit is > 0 ? limit.Value : DefaultLimit;
        var page = sortedItems.Skip(start).Take(size).ToList();
        var more = start + page.Count < sortedItems.Count;
        return (page, more ? Encode(key(page[^1])) : null);
    }

    private static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("v1:" + lastKey));

    private static string Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith("v1:", StringComparison.Ordinal)) return text[3..];
        }
        catch (FormatException)
        {
        }
        throw ApiErrors.Validation("The NextToken provided is invalid.");
    }
}
