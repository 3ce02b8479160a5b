using Switchyard.Storage.Versioned;

namespace Switchyard.Tests.Storage.Versioned;

public sealed class InMemoryVersionedStoreTests : VersionedStoreContract
{
    protected override IVersionedStore OpenStore() => new InMemoryVersionedStore();
}
