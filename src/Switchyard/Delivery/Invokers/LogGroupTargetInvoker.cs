using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Switchyard.Domain;

namespace Switchyard.Delivery.Invokers;

/// <summary>
/// CloudWatch Logs log-group targets (<c>arn:aws:logs:REGION:ACCOUNT:log-group:NAME</c>): each event becomes one
/// JSON line appended to <c>LOG_DIR/ACCOUNT/REGION/NAME.jsonl</c> (the name with anything but letters, digits,
/// <c>. _ - #</c> turned into <c>_</c>, so <c>/aws/events/app</c> is <c>_aws_events_app.jsonl</c>).
/// </summary>
public sealed class LogGroupTargetInvoker(LogDirectory directory) : ITargetInvoker
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fileLocks = new(StringComparer.Ordinal);

    public bool CanHandle(ParsedArn targetArn) => targetArn.Service == "logs" && targetArn.Resource.StartsWith("log-group:", StringComparison.Ordinal);

    public async ValueTask<InvocationResult> InvokeAsync(TargetInvocation invocation, CancellationToken cancellation)
    {
        var arn = invocation.TargetArn;
        var path = FilePath(directory.Path, arn);
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

    public static string FilePath(string root, ParsedArn logGroup)
    {
        var name = logGroup.Resource["log-group:".Length..];
        if (name.EndsWith(":*", StringComparison.Ordinal)) name = name[..^2];
        var safe = new StringBuilder(name.Length);
        foreach (var c in name) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '#' ? c : '_');
        if (safe.Length == 0 || safe.ToString() is "." or "..") safe.Insert(0, '_');
        return System.IO.Path.Combine(root, logGroup.AccountId, logGroup.Region, safe + ".jsonl");
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
