namespace Switchyard.Protocol;

/// <summary>A set of related operations (one file in Api/); every group registered in DI is served.</summary>
public interface IOperationGroup
{
    void Register(OperationRegistry registry);
}
