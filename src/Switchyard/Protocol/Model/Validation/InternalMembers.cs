namespace Switchyard.Protocol.Model.Validation;

/// <summary>
/// Members that AWS's own request classes carry beyond the public model and print in validation messages.
/// Only what has been observed in real AWS responses belongs here.
/// </summary>
internal static class InternalMembers
{
    // Recorded against AWS (LocalStack's events snapshot for PutEvents with 11 entries).
    private static readonly string[] PutEventsRequestEntry = ["kmsKeyIdentifier", "internalMetadata"];

    public static IReadOnlyList<string> Of(string shapeName) => shapeName switch
    {
        "PutEventsRequestEntry" => PutEventsRequestEntry,
        _ => [],
    };
}
