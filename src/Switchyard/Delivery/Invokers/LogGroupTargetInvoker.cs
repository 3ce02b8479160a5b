using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Switchyard.Domain;
using Switchyard.Domain.Targets;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// CloudWatch Logs log-group targets (<c>arn:aws:logs:REGION:ACCOUNT:log-group:NAME</c>): each event becomes one
/// JSON line appended to the file <see cref="LogGroupFiles"/> names, <c>LOG_DIR/ACCOUNT/REGION/NAME.jsonl</c> with
/// each <c>/</c> of the name written <c>%2F</c>. An ARN that breaks AWS's naming rules is refused (it could name a
/// path outside LOG_DIR); another account's log group takes the event only where its owner granted it
/// (<see cref="LogGroupGrants"/>, <see cref="TargetAccess"/>): <c>logs:CreateLogStream</c> and <c>logs:PutLogEvents</c>,
/// as EventBridge needs on AWS.
/// </summary>
public sealed class LogGroupTargetInvoker(LogDirectory directory, LogGroupGrants grants, TargetAccess access) : ITargetInvoker
{
    private static readonly string[] Actions = ["logs:CreateLogStream", "logs:PutLogEvents"];
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fileLocks = new(StringComparer.Ordinal);

    public bool CanHandle(ParsedArn targetArn) => LogGroupArn.IsLogGroup(targetArn);

    public async ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
    {
        if (!LogGroupArn.TryParse(invocation.TargetArn, out var logGroup, out var reason))
            return InvocationResult.Failure(DeliveryErrorCodes.NoResource, $"{invocation.Target.Arn} is not a valid log-group ARN: {reason}", retryable: false);
        if (!LogGroupFiles.TryResolve(directory.Path, logGroup, out var path))
            return InvocationResult.Failure(DeliveryErrorCodes.NoResource, $"{invocation.Target.Arn} does not resolve to a file in the log directory", retryable: false);
        if (access.Check(invocation, logGroup.AccountId, logGroup.ResourceArn, Actions, grants.For(logGroup), "log group") is { } refused)
            return refused;

        var line = OneLine(invocation.Payload);
        var gate = _fileLocks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellation);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, useAsync: true);
            await file.WriteAsync(line, cancellation);
            return InvocationResult.Success;
        }
        catch (IOException error)
        {
            return InvocationResult.Failure(DeliveryErrorCodes.SdkClientError, $"writing {path}: {error.Message}", retryable: true);
        }
        catch (UnauthorizedAccessException error)
        {
            return InvocationResult.Failure(DeliveryErrorCodes.NoPermissions, $"writing {path}: {error.Message}", retryable: false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The payload as one line: JSON re-written compactly, anything else as a JSON string.</summary>
    private static byte[] OneLine(byte[] payload)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(payload.Length + 2);
        var writerOptions = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        try
        {
            using var document = JsonDocument.Parse(payload);
            using var writer = new Utf8JsonWriter(buffer, writerOptions);
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            buffer.Clear();
            using var writer = new Utf8JsonWriter(buffer, writerOptions);
            writer.WriteStringValue(Encoding.UTF8.GetString(payload));
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>Where log-group targets write: configured, else DATA_DIR/logs, else (in memory) a fresh temp dir.</summary>
public sealed record LogDirectory(string Path);
