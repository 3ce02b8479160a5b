namespace Switchyard.Storage.Leases;

/// <summary>
/// This process's identity. <see cref="Name"/> is what operators see (<c>--node-id</c>, default host name and process
/// id; /health, /metrics, logs). <see cref="Id"/> holds leases (named leases and the journal's delivery leases): the name
/// plus a random part per start, so a restarted process with the same name (a container's pid is often the same) never
/// mistakes the leases of its crashed predecessor for its own.
/// </summary>
public sealed record NodeIdentity(string Id)
{
    /// <summary>The operator's name for this node; <see cref="Id"/> when none was given.</summary>
    public string Name { get; init; } = Id;

    public static NodeIdentity NewRandom() => new($"node-{Guid.NewGuid():N}"[..21]);

    /// <summary>The identity of a server started with <c>--node-id</c> <paramref name="configuredName"/> (or none).</summary>
    public static NodeIdentity ForServer(string? configuredName)
    {
        var name = configuredName ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        return new NodeIdentity($"{name}#{Guid.NewGuid():N}"[..Math.Min(name.Length + 9, 137)]) { Name = name };
    }
}
