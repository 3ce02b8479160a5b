using AwsErrorCodes = Switchyard.Protocol.Model.AwsErrorCodes;
using AwsServiceException = Switchyard.Protocol.Model.AwsServiceException;

namespace Switchyard.Domain.Connections;

/// <summary>The errors of the connection operations, with AWS's texts where they are recorded.</summary>
public static class ConnectionErrors
{
    /// <summary>As recorded from AWS (LocalStack snapshot test_api_destinations_and_connection::test_delete_connection).</summary>
    public static AwsServiceException NotFound(string name) =>
        ApiErrors.NotFound($"Failed to describe the connection(s). Connection '{name}' does not exist.");

    public static AwsServiceException AlreadyExists(string name) =>
        ApiErrors.AlreadyExists($"Connection {name} already exists.");

    public static AwsServiceException BeingDeleted(string name) =>
        new(AwsErrorCodes.ConcurrentModificationException, $"Connection '{name}' is being deleted.");
}
