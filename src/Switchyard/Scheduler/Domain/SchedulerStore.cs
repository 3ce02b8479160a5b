using System.Text.Json;
using System.Text.Json.Serialization;
using Switchyard.Domain;
using Switchyard.Storage.Versioned;

namespace Switchyard.Scheduler.Domain;

/// <summary>
/// Scheduler's resources in the versioned store (issue 8's source of truth): schedules, groups and firing states as
/// JSON documents, read straight from the store and written by compare-and-swap on the version read.
/// </summary>
public sealed class SchedulerStore(IVersionedStore store)
{
    public IVersionedStore Store { get; } = store;

    public static ResourceKey ScheduleKey(AccountRegion scope, string group, string name) =>
        new(SchedulerKinds.Schedule, scope.AccountId, scope.Region, $"{group}/{name}");

    public static ResourceKey FiringKey(ResourceKey scheduleKey) => scheduleKey with { Kind = SchedulerKinds.Firing };

    public static ResourceKey GroupKey(AccountRegion scope, string name) => new(SchedulerKinds.Group, scope.AccountId, scope.Region, name);

    public Versioned<Schedule>? GetSchedule(ResourceKey key) => Read(Store.Get(key), SchedulerStoreJsonContext.Default.Schedule);

    public Versioned<ScheduleGroup>? GetGroup(ResourceKey key) => Read(Store.Get(key), SchedulerStoreJsonContext.Default.ScheduleGroup);

    public Versioned<FiringState>? GetFiring(ResourceKey key) => Read(Store.Get(key), SchedulerStoreJsonContext.Default.FiringState);

    public IEnumerable<Versioned<Schedule>> ListSchedules(AccountRegion scope) =>
        Store.List(SchedulerKinds.Schedule, scope.AccountId, scope.Region).Select(r => Read(r, SchedulerStoreJsonContext.Default.Schedule)!);

    public IEnumerable<Versioned<ScheduleGroup>> ListGroups(AccountRegion scope) =>
        Store.List(SchedulerKinds.Group, scope.AccountId, scope.Region).Select(r => Read(r, SchedulerStoreJsonContext.Default.ScheduleGroup)!);

    public static ResourceWrite Write(ResourceKey key, long expectedVersion, Schedule schedule) =>
        new(key, expectedVersion, JsonSerializer.Serialize(schedule, SchedulerStoreJsonContext.Default.Schedule));

    public static ResourceWrite Write(ResourceKey key, long expectedVersion, ScheduleGroup group) =>
        new(key, expectedVersion, JsonSerializer.Serialize(group, SchedulerStoreJsonContext.Default.ScheduleGroup));

    public static ResourceWrite Write(ResourceKey key, long expectedVersion, FiringState state) =>
        new(key, expectedVersion, JsonSerializer.Serialize(state, SchedulerStoreJsonContext.Default.FiringState));

    public static Schedule ParseSchedule(string document) => JsonSerializer.Deserialize(document, SchedulerStoreJsonContext.Default.Schedule)!;

    public static FiringState ParseFiring(string document) => JsonSerializer.Deserialize(document, SchedulerStoreJsonContext.Default.FiringState)!;

    private static Versioned<T>? Read<T>(StoredResource? stored, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) where T : class =>
        stored is null ? null : new Versioned<T>(stored.Key, stored.Version, JsonSerializer.Deserialize(stored.Document, info)!);
}

/// <summary>A stored document with the version a compare-and-swap must name to change it.</summary>
public sealed record Versioned<T>(ResourceKey Key, long Version, T Value);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Schedule))]
[JsonSerializable(typeof(ScheduleGroup))]
[JsonSerializable(typeof(FiringState))]
internal sealed partial class SchedulerStoreJsonContext : JsonSerializerContext;
