using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Api;
using Switchyard.Delivery;
using Switchyard.Domain.Routing;
using Switchyard.Hosting;
using Switchyard.Protocol;
using Switchyard.Tests.Integration;
using Switchyard.Cli;

namespace Switchyard.Tests.CrossAccount;

/// <summary>
/// An in-process server with a config file declaring one organization (<see cref="Organization"/>: management
/// account <see cref="A"/>, member <see cref="B"/>; <see cref="C"/> is in none), a record of the events put on
/// buses, and the server's warnings. Where the delivery module is not in the build yet, PutEvents is served with
/// the recording sink alone (the API part under test does not depend on delivery).
/// </summary>
public sealed class CrossAccountServer : IAsyncDisposable
{
    public const string A = "111111111111";
    public const string B = "222222222222";
    public const string C = "333333333333";
    public const string Organization = "o-aa11bb22cc";
    public const string Region = "us-east-1";

    private CrossAccountServer(ServerHarness harness, RecordingEventSink sink, CapturedLogs logs, string configFile)
    {
        LogDirectory = Path.Combine(Path.GetDirectoryName(configFile)!, "logs");
        Harness = harness;
        Sink = sink;
        Logs = logs;
        ConfigFile = configFile;
    }

    public ServerHarness Harness { get; }
    public RecordingEventSink Sink { get; }
    public CapturedLogs Logs { get; }
    public string ConfigFile { get; }
    /// <summary>Where log-group targets write: <c>LogDirectory/ACCOUNT/REGION/NAME.jsonl</c>.</summary>
    public string LogDirectory { get; }

    public static string BusArn(string account, string name) => $"arn:aws:events:{Region}:{account}:event-bus/{name}";

    public static string OrganizationsConfig(params (string Id, string Management, string[] Accounts)[] organizations) =>
        "{\"organizations\":[" + string.Join(",", organizations.Select(o =>
            $"{{\"id\":\"{o.Id}\",\"managementAccount\":\"{o.Management}\",\"accounts\":[{string.Join(",", o.Accounts.Select(a => $"\"{a}\""))}]}}")) + "]}";

    public static async Task<CrossAccountServer> StartAsync(string? config = null, params string[] flags)
    {
        var directory = Directory.CreateTempSubdirectory("switchyard-xacct-");
        var configFile = Path.Combine(directory.FullName, "config.json");
        // Fast retries and a known log directory for the delivery module (log-group targets are the observable end).
        var document = JsonNode.Parse(config ?? OrganizationsConfig((Organization, A, [B])))!.AsObject();
        document["delivery"] = new JsonObject
        {
            ["initialBackoffMs"] = 10,
            ["maxBackoffMs"] = 50,
            ["logDirectory"] = Path.Combine(directory.FullName, "logs"),
        };
        await File.WriteAllTextAsync(configFile, document.ToJsonString());
        var options = ServeCommand.LoadOptions(["--config", configFile, "--in-memory", .. flags], new Dictionary<string, string?>());
        var sink = new RecordingEventSink();
        var logs = new CapturedLogs();
        var harness = await ServerHarness.StartAsync(options, configure: builder =>
        {
            builder.Logging.AddProvider(logs);
            Record(builder.Services, sink);
        });
        return new CrossAccountServer(harness, sink, logs, configFile);
    }

    /// <summary>Puts the recording sink in front of the server's sink, or serves PutEvents with it alone.</summary>
    private static void Record(IServiceCollection services, RecordingEventSink sink)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IEventSink));
        if (existing is null)
        {
            services.AddSingleton<IEventSink>(sink);
            services.AddSingleton<EventIngestor>();
            services.AddSingleton<IOperationGroup, PutEventsOperation>();
            return;
        }
        services.Remove(existing);
        services.AddSingleton<IEventSink>(sp =>
        {
            sink.Inner = existing.ImplementationFactory is { } factory
                ? (IEventSink)factory(sp)
                : existing.ImplementationInstance as IEventSink ?? (IEventSink)ActivatorUtilities.CreateInstance(sp, existing.ImplementationType!);
            return sink;
        });
    }

    public Task<ServerHarness.Response> CallAsync(string account, string operation, string body) =>
        Harness.CallAsync(operation, body, accessKeyId: account);

    /// <summary>Calls and asserts success.</summary>
    public async Task<JsonElement> OkAsync(string account, string operation, string body)
    {
        var response = await CallAsync(account, operation, body);
        Assert.True(response.Status == 200, $"{operation} as {account}: {response.Status} {response.Body}");
        return response.Json;
    }

    /// <summary>A PutEvents entry as JSON.</summary>
    public static string Entry(string busNameOrArn, string source = "com.example.orders", string detailType = "OrderPlaced", string detail = """{"id":1}""") =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["EventBusName"] = busNameOrArn,
            ["Source"] = source,
            ["DetailType"] = detailType,
            ["Detail"] = detail,
        }, TestJson.Default.DictionaryStringString);

    public Task<JsonElement> PutEventsAsync(string account, params string[] entries) =>
        OkAsync(account, "PutEvents", $$"""{"Entries":[{{string.Join(",", entries)}}]}""");

    /// <summary>PutPermission with the Policy parameter (a whole document, written as JSON text).</summary>
    public Task<JsonElement> PutPolicyAsync(string account, string busName, string policy) =>
        OkAsync(account, "PutPermission", JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["EventBusName"] = busName,
            ["Policy"] = policy,
        }, TestJson.Default.DictionaryStringString));

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        try
        {
            Directory.Delete(Path.GetDirectoryName(ConfigFile)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
