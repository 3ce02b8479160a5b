using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Switchyard.Protocol;

/// <summary>A request body read whole, with the SHA-256 computed as its bytes arrived (SigV4's payload hash).</summary>
public sealed record RequestBody(byte[] Bytes, string Sha256)
{
    /// <summary>
    /// The body of an API request, or null when there is none to serve: refused (the refusal is written) or the client
    /// went away mid-body. Both API endpoints (EventBridge's and Scheduler's) start with it.
    /// </summary>
    public static async Task<RequestBody?> ReadOrRefuseAsync(HttpContext http, long limit)
    {
        try
        {
            return await ReadAsync(http.Request, limit, http.RequestAborted);
        }
        catch (RequestBodyRefusedException refusal)
        {
            await WriteRefusalAsync(http, refusal);
            return null;
        }
        catch (Exception error) when (error is OperationCanceledException or IOException)
        {
            return null; // the client went away mid-body
        }
    }

    /// <summary>
    /// Reads the body of <paramref name="request"/>, refusing one over <paramref name="limit"/> bytes before it is
    /// read: a declared Content-Length over the limit is refused without reading a byte, and a chunked body is
    /// refused as soon as it passes the limit. Memory per request is therefore bounded by the limit, never by
    /// what the client declares or sends.
    /// </summary>
    /// <exception cref="RequestBodyRefusedException">Too large (413), or Kestrel refused the body (its status).</exception>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellation)
    {
        if (request.ContentLength is { } declared && declared > limit)
            throw new RequestBodyRefusedException(StatusCodes.Status413PayloadTooLarge);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            byte[] bytes;
            if (request.ContentLength is { } length)
            {
                bytes = length == 0 ? [] : new byte[length];
                var read = 0;
                while (read < bytes.Length)
                {
                    var n = await request.Body.ReadAsync(bytes.AsMemory(read), cancellation);
                    if (n == 0) throw new RequestBodyRefusedException(StatusCodes.Status400BadRequest);
                    hash.AppendData(bytes, read, n);
                    read += n;
                }
            }
            else
            {
                bytes = await ReadChunkedAsync(request.Body, limit, hash, cancellation);
            }
            return new RequestBody(bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch (BadHttpRequestException error)
        {
            // Kestrel's own limits (MaxRequestBodySize, MinRequestBodyDataRate) and malformed chunking end here.
            throw new RequestBodyRefusedException(error.StatusCode);
        }
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream body, long limit, IncrementalHash hash, CancellationToken cancellation)
    {
        using var collected = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int n;
            while ((n = await body.ReadAsync(buffer, cancellation)) > 0)
            {
                if (collected.Length + n > limit) throw new RequestBodyRefusedException(StatusCodes.Status413PayloadTooLarge);
                hash.AppendData(buffer, 0, n);
                collected.Write(buffer, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return collected.ToArray();
    }

    /// <summary>
    /// Answers a refused body as AWS's front end does: the status (413 for a body over the limit), no body, and the
    /// connection closed so the rest of the body is never read (boto/boto3#3411 shows EventBridge's 413 that way).
    /// </summary>
    public static Task WriteRefusalAsync(HttpContext http, RequestBodyRefusedException refusal)
    {
        if (http.Response.HasStarted) return Task.CompletedTask;
        http.Response.StatusCode = refusal.Status;
        http.Response.Headers.Connection = "close";
        http.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}

/// <summary>A request body refused before it was read whole; <see cref="Status"/> is the HTTP status to answer.</summary>
public sealed class RequestBodyRefusedException(int status) : Exception($"request body refused with status {status}")
{
    public int Status { get; } = status;
}
