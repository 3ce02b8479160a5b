using System.Text.Json.Serialization;

namespace Switchyard.Domain.Targets;

/// <summary>
/// A template filled from the event: each <c>&lt;name&gt;</c> placeholder of <see cref="InputTemplate"/> takes the
/// value that <see cref="InputPathsMap"/> names with a JSONPath (or one of EventBridge's reserved variables).
/// </summary>
/// <remarks>The map keeps the order it was given in, which is the order ListTargetsByRule shows it in.</remarks>
public sealed record InputTransformer
{
    public IReadOnlyDictionary<string, string>? InputPathsMap { get; init; }
    public required string InputTemplate { get; init; }

    /// <summary>The paths, or an empty map when none were given (shared, so no delivery allocates one).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> Paths => InputPathsMap ?? EmptyPaths;

    private static readonly IReadOnlyDictionary<string, string> EmptyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
}
