namespace Switchyard.Protocol.Model;

/// <summary>The model's metadata: the X-Amz-Target prefix, JSON protocol version and SigV4 signing name.</summary>
public sealed record ServiceMetadata(
    string ApiVersion,
    string EndpointPrefix,
    string JsonVersion,
    string Protocol,
    string ServiceId,
    string SignatureVersion,
    string SigningName,
    string TargetPrefix)
{
    /// <summary>The request Content-Type of this protocol, e.g. application/x-amz-json-1.1.</summary>
    public string ContentType => $"application/x-amz-json-{JsonVersion}";
}
