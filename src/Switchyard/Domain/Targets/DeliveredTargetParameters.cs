namespace Switchyard.Domain.Targets;

/// <summary>SQS FIFO queue targets: the message group the event is sent in.</summary>
public sealed record SqsParameters
{
    public string? MessageGroupId { get; init; }
}

/// <summary>
/// API destination (and API Gateway) targets: values for the endpoint's <c>*</c> path wildcards, and headers and
/// query string parameters added to each call. The maps keep the order they were given in.
/// </summary>
public sealed record HttpParameters
{
    public IReadOnlyList<string>? PathParameterValues { get; init; }
    public IReadOnlyDictionary<string, string>? HeaderParameters { get; init; }
    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }
}
