using Switchyard.Storage.Versioned;

namespace Switchyard.Storage.Catalog;

/// <summary>The in-memory side of one resource kind: the <see cref="ChangeFeedPump"/> hands it every change of its
/// kind, in sequence order, always under the pump's apply lock (one change at a time).</summary>
internal interface IChangeFeedSubscriber
{
    string Kind { get; }

    void Apply(ResourceChange change);
}
