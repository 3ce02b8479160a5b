using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Switchyard.Protocol.Model;

namespace Switchyard.Protocol;

/// <summary>Maps an operation name to its handler, with the source-generated (de)serializers of its shapes.</summary>
/// <param name="shapes">The serializer context of the service's generated shapes: EventBridge's by default; EventBridge
/// Scheduler's registry passes its own.</param>
public sealed class OperationRegistry(JsonSerializerContext? shapes = null)
{
    private readonly JsonSerializerContext _shapes = shapes ?? EventsJsonContext.Default;

    public delegate ValueTask<byte[]> Invoker(JsonElement body, RequestContext context, CancellationToken cancellation);

    /// <summary>
    /// An operation's hot path straight from the raw body: null when its reader declines the body (then the general
    /// path parses, validates and invokes), else the running call.
    /// </summary>
    public delegate Task<byte[]>? BodyInvoker(ReadOnlyMemory<byte> body, RequestContext context, CancellationToken cancellation);

    /// <summary>Reads a request from its raw body for a hot path; false, without effects, to leave it to the general path.</summary>
    public delegate bool BodyReader<TRequest>(ReadOnlySpan<byte> body, [NotNullWhen(true)] out TRequest? request);

    private readonly Dictionary<string, Invoker> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BodyInvoker> _bodyInvokers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _operations.Keys;

    public bool TryGet(string name, out Invoker invoker) => _operations.TryGetValue(name, out invoker!);

    public bool TryGetBodyInvoker(string name, [NotNullWhen(true)] out BodyInvoker? invoker) => _bodyInvokers.TryGetValue(name, out invoker);

    /// <summary>
    /// As <see cref="Add{TRequest,TResponse}(string,Func{TRequest,RequestContext,CancellationToken,ValueTask{TResponse}})"/>,
    /// plus a hot path: bodies <paramref name="reader"/> takes skip the general parse-validate-deserialize. The reader
    /// must take only bodies the general path would accept, and read them to the same request.
    /// </summary>
    public void Add<TRequest, TResponse>(string name, Func<TRequest, RequestContext, CancellationToken, ValueTask<TResponse>> handler, BodyReader<TRequest> reader)
        where TResponse : class
    {
        Add(name, handler);
        var responseShape = new Shape<TResponse>(_shapes);
        _bodyInvokers.Add(name, (body, context, cancellation) =>
            reader(body.Span, out var request) ? InvokeAsync(request, context, cancellation) : null);

        async Task<byte[]> InvokeAsync(TRequest request, RequestContext context, CancellationToken cancellation) =>
            JsonSerializer.SerializeToUtf8Bytes(await handler(request, context, cancellation), responseShape.Info);
    }

    /// <summary>An operation whose output shape is <typeparamref name="TResponse"/>.</summary>
    public void Add<TRequest, TResponse>(string name, Func<TRequest, RequestContext, CancellationToken, ValueTask<TResponse>> handler)
        where TResponse : class
    {
        var requestShape = new Shape<TRequest>(_shapes);
        var responseShape = new Shape<TResponse>(_shapes);
        _operations.Add(name, async (body, context, cancellation) =>
        {
            var request = Read(body, requestShape.Info);
            var response = await handler(request, context, cancellation);
            return JsonSerializer.SerializeToUtf8Bytes(response, responseShape.Info);
        });
    }

    public void Add<TRequest, TResponse>(string name, Func<TRequest, RequestContext, TResponse> handler) where TResponse : class =>
        Add<TRequest, TResponse>(name, (request, context, _) => ValueTask.FromResult(handler(request, context)));

    /// <summary>An operation the model gives no output shape: AWS answers an empty JSON object.</summary>
    public void Add<TRequest>(string name, Action<TRequest, RequestContext> handler)
    {
        var requestShape = new Shape<TRequest>(_shapes);
        _operations.Add(name, (body, context, _) =>
        {
            handler(Read(body, requestShape.Info), context);
            return ValueTask.FromResult(EmptyObject);
        });
    }

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    /// <summary>
    /// The request DTO of a body the validator passed. A body of JSON <c>null</c> reads as <c>{}</c>, as the validator
    /// reads it (its required members were already reported missing). A string the validator did not need to read
    /// can still hold an escaped lone surrogate that .NET cannot turn into a string, and an unknown member can nest
    /// deeper than the deserializer reads: both are the client's malformed input, not ours.
    /// </summary>
    private static TRequest Read<TRequest>(JsonElement body, JsonTypeInfo<TRequest> info)
    {
        try
        {
            return body.ValueKind == JsonValueKind.Null
                ? (TRequest)info.CreateObject!()
                : body.Deserialize(info)!;
        }
        catch (Exception error) when (error is InvalidOperationException or JsonException)
        {
            throw new AwsServiceException(AwsErrorCodes.SerializationException, null);
        }
    }

    /// <summary>
    /// The generated (de)serializer of one shape, looked up on the first call of an operation that uses it, not when
    /// the operation is registered: building the metadata of every shape of every operation was ~5% of the NativeAOT
    /// binary's start-up (docs/performance.md, issue 14), for operations a session may never call. Two first calls
    /// racing both look it up; the context hands both the same cached instance.
    /// </summary>
    private sealed class Shape<T>(JsonSerializerContext shapes)
    {
        private JsonTypeInfo<T>? _info;

        public JsonTypeInfo<T> Info => _info ??= (JsonTypeInfo<T>?)shapes.GetTypeInfo(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the generated serializer context");
    }
}
