using System.Text.Json.Serialization;

namespace Switchyard.Domain.Archives;

/// <summary>
/// An event archive (issue 10): the events of one source bus that match its pattern, kept for
/// <see cref="RetentionDays"/> (0: forever). Immutable: changes produce a new instance. Its events live in the journal
/// (<c>Delivery/Archives/IArchiveStore</c>), captured by its managed rule (<see cref="ArchiveRules"/>).
/// </summary>
public sealed record Archive
{
    public required string AccountId { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    /// <summary>The source bus, in the archive's account and region; fixed at creation.</summary>
    public required string BusName { get; init; }
    public string? EventPattern { get; init; }
    public string? Description { get; init; }
    public required int RetentionDays { get; init; }
    /// <summary>Accepted and stored (AWS encrypts the archive with it); Switchyard's journal does not encrypt.</summary>
    public string? KmsKeyIdentifier { get; init; }
    public required string State { get; init; }
    public string? StateReason { get; init; }
    public required DateTimeOffset CreationTime { get; init; }

    [JsonIgnore]
    public AccountRegion Scope => new(AccountId, Region);

    [JsonIgnore]
    public string Arn => ArchiveArns.Of(Scope, Name);

    [JsonIgnore]
    public string EventSourceArn => Arns.EventBus(Scope, BusName);
}

/// <summary>The archive states of the model; Switchyard's archives are created and updated synchronously, so ENABLED.</summary>
public static class ArchiveStates
{
    public const string Enabled = "ENABLED";
    public const string Disabled = "DISABLED";
}

/// <summary><c>arn:aws:events:REGION:ACCOUNT:archive/NAME</c>.</summary>
public static class ArchiveArns
{
    private const string ResourcePrefix = "archive/";

    public static string Of(AccountRegion scope, string name) =>
        $"arn:{Arns.Partition}:events:{scope.Region}:{scope.AccountId}:{ResourcePrefix}{name}";

    /// <summary>Reads an archive ARN; false for any other text or ARN.</summary>
    public static bool TryParse(string value, out AccountRegion scope, out string name)
    {
        scope = default;
        name = "";
        if (!Arns.TryParse(value, out var arn) || arn.Service != "events" || !arn.Resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            return false;
        scope = arn.Scope;
        name = arn.Resource[ResourcePrefix.Length..];
        return name.Length > 0;
    }
}
