using AwsServiceException = Switchyard.Protocol.Model.AwsServiceException;

namespace Switchyard.Domain.Archives;

/// <summary>
/// The errors of the archive operations, with AWS's texts as recorded against AWS in LocalStack's
/// <c>tests/aws/services/events/test_archive_and_replay.snapshot.json</c> (validated: its <c>.validation.json</c>).
/// </summary>
public static class ArchiveErrors
{
    /// <summary>test_describe_archive_error_unknown_archive, test_delete_archive_error_unknown_archive.</summary>
    public static AwsServiceException NotFound(string name) => ApiErrors.NotFound($"Archive {name} does not exist.");

    /// <summary>test_create_archive_error_duplicate.</summary>
    public static AwsServiceException AlreadyExists(string name) => ApiErrors.AlreadyExists($"Archive {name} already exists.");
}
