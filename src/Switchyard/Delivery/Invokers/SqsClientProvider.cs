using System.Collections.Concurrent;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Switchyard.Domain;
using Switchyard.Settings;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// SQS clients for queue targets and dead-letter queues, from the <c>"sqs"</c> config section:
/// <c>{"endpoint": "http://127.0.0.1:5000", "accessKeyId": ..., "secretAccessKey": ..., "sessionToken": ..., "region": ...}</c>.
/// With an endpoint, every region's queues are reached there (signed for the queue's region); without one the SDK
/// goes to AWS with its usual credential chain. Queue URLs are looked up once per queue ARN.
/// </summary>
public sealed class SqsClientProvider : IDisposable
{
    private readonly string? _endpoint;
    private readonly AWSCredentials? _credentials;
    private readonly string? _region;
    private readonly ConcurrentDictionary<string, IAmazonSQS> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _queueUrls = new(StringComparer.Ordinal);

    public SqsClientProvider(ModuleSettings modules)
    {
        if (!modules.TryGet("sqs", out var section) || section.ValueKind != JsonValueKind.Object) return;
        string? Get(string name) =>
            section.EnumerateObject().FirstOrDefault(p => SettingNames.Canonical(p.Name) == name).Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
        _endpoint = Get("endpoint");
        _region = Get("region");
        var keyId = Get("accesskeyid");
        var secret = Get("secretaccesskey");
        if (keyId is not null && secret is not null)
        {
            var token = Get("sessiontoken");
            _credentials = token is null ? new BasicAWSCredentials(keyId, secret) : new SessionAWSCredentials(keyId, secret, token);
        }
    }

    public IAmazonSQS ClientFor(string region)
    {
        return _clients.GetOrAdd(region, r =>
        {
            var config = new AmazonSQSConfig();
            if (_endpoint is not null)
            {
                config.ServiceURL = _endpoint;
                config.AuthenticationRegion = r.Length > 0 ? r : _region ?? "us-east-1";
            }
            else
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(r);
            }
            return _credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(_credentials, config);
        });
    }

    /// <summary>The URL of the queue an ARN names (<c>arn:aws:sqs:REGION:ACCOUNT:NAME</c>).</summary>
    public async ValueTask<string> QueueUrlAsync(ParsedArn queue, CancellationToken cancellation)
    {
        var key = $"{queue.Region}:{queue.AccountId}:{queue.Resource}";
        if (_queueUrls.TryGetValue(key, out var url)) return url;
        var response = await ClientFor(queue.Region).GetQueueUrlAsync(new GetQueueUrlRequest
        {
            QueueName = queue.Resource,
            QueueOwnerAWSAccountId = queue.AccountId,
        }, cancellation);
        return _queueUrls[key] = response.QueueUrl;
    }

    /// <summary>The queue's access policy (its <c>Policy</c> attribute), null when it has none.</summary>
    public async Task<string?> QueuePolicyAsync(ParsedArn queue, string queueUrl, CancellationToken cancellation)
    {
        var response = await ClientFor(queue.Region).GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["Policy"],
        }, cancellation);
        return response.Attributes is { } attributes && attributes.TryGetValue("Policy", out var policy) && !string.IsNullOrEmpty(policy) ? policy : null;
    }

    /// <summary>Forgets a queue URL (the queue was deleted, perhaps re-created elsewhere).</summary>
    public void Forget(ParsedArn queue) => _queueUrls.TryRemove($"{queue.Region}:{queue.AccountId}:{queue.Resource}", out _);

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
