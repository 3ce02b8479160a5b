using System.Globalization;

namespace Switchyard.LoadGen;

public enum LoadMode { Closed, Open }

/// <summary>
/// What one run does. Every run is bounded: by <see cref="Duration"/> (at most <see cref="LongestDuration"/>) and by
/// <see cref="MaxRequests"/>; the endpoint and the receiver must be on loopback.
/// </summary>
public sealed record LoadOptions
{
    public static readonly TimeSpan LongestDuration = TimeSpan.FromMinutes(10);

    public Uri Endpoint { get; init; } = new("http://127.0.0.1:4010");
    /// <summary>
    /// PutEvents go round-robin to these (the nodes of a cluster); setup calls go to <see cref="Endpoint"/>, the first.
    /// Empty: everything goes to <see cref="Endpoint"/>.
    /// </summary>
    public IReadOnlyList<Uri> LoadEndpoints { get; init; } = [];
    public string Region { get; init; } = "us-east-1";
    public string AccessKey { get; init; } = "123456789012";
    public string SecretKey { get; init; } = "loadgen-secret";
    /// <summary>The bus to load; "default" uses the default bus, any other name is created if missing.</summary>
    public string Bus { get; init; } = "loadgen";
    public int Rules { get; init; } = 100;
    /// <summary>
    /// Adds one more rule matching every generated event, with a Lambda target (<see cref="SinkFunctionArn"/>) that the
    /// server maps to the receiver's URL; the receiver measures PutEvents-to-delivery latency.
    /// </summary>
    public bool Sink { get; init; }
    public string SinkFunctionArn { get; init; } = "arn:aws:lambda:us-east-1:123456789012:function:sink";
    public int ReceiverPort { get; init; } = 18090;
    public LoadMode Mode { get; init; } = LoadMode.Closed;
    public int Concurrency { get; init; } = 32;
    /// <summary>Requests per second in open-loop mode.</summary>
    public double Rate { get; init; } = 100;
    public int EntriesPerRequest { get; init; } = 10;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public long MaxRequests { get; init; } = 10_000_000;
    /// <summary>How long to wait after the load for the last deliveries to arrive.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(5);
    public bool SkipSetup { get; init; }
    public bool SetupOnly { get; init; }
    public string Label { get; init; } = "";
    public string? JsonOutput { get; init; }

    public const string Usage = """
        switchyard-loadgen [options]
          --endpoint URL         EventBridge endpoint on loopback (default http://127.0.0.1:4010)
          --endpoints URL,URL    the nodes of a cluster: PutEvents round-robin over them, setup on the first
          --region R --access-key K --secret S      SigV4 credentials (default us-east-1, 123456789012)
          --bus NAME             bus to load, created when missing; "default" for the default bus (default loadgen)
          --rules N              rules to create on the bus, of varied patterns (default 100)
          --sink                 add a catch-all rule with a Lambda target served by the built-in receiver
          --sink-arn ARN         its function ARN (map it to http://127.0.0.1:PORT/ in the server's config)
          --receiver-port PORT   loopback port of the receiver (default 18090)
          --mode closed|open     closed loop (max throughput) or open loop at --rate requests/s (default closed)
          --concurrency N        closed loop: requests in flight (default 32)
          --rate R               open loop: requests per second (default 100)
          --entries N            entries per PutEvents request, 1-10 (default 10)
          --duration 20s         measured time after warm-up (at most 10m)
          --warmup 3s            load sent before measuring
          --max-requests N       stop after N requests in any case
          --drain 5s             wait for deliveries after the load
          --skip-setup | --setup-only
          --label TEXT           name of the run in the report
          --json FILE            also write the result as JSON
        """;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--endpoint" => options with { Endpoint = new Uri(Value()) },
                "--endpoints" => Endpoints(options, Value()),
                "--region" => options with { Region = Value() },
                "--access-key" => options with { AccessKey = Value() },
                "--secret" => options with { SecretKey = Value() },
                "--bus" => options with { Bus = Value() },
                "--rules" => options with { Rules = Int(Value()) },
                "--sink" => options with { Sink = true },
                "--sink-arn" => options with { SinkFunctionArn = Value() },
                "--receiver-port" => options with { ReceiverPort = Int(Value()) },
                "--mode" => options with { Mode = Enum.Parse<LoadMode>(Value(), ignoreCase: true) },
                "--concurrency" => options with { Concurrency = Int(Value()) },
                "--rate" => options with { Rate = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--entries" => options with { EntriesPerRequest = Int(Value()) },
                "--duration" => options with { Duration = Span(Value()) },
                "--warmup" => options with { Warmup = Span(Value()) },
                "--max-requests" => options with { MaxRequests = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--drain" => options with { Drain = Span(Value()) },
                "--skip-setup" => options with { SkipSetup = true },
                "--setup-only" => options with { SetupOnly = true },
                "--label" => options with { Label = Value() },
                "--json" => options with { JsonOutput = Value() },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        options.Validate();
        return options;
    }

    private void Validate()
    {
        // Load is only ever sent to this machine (see the project's network rules).
        if (!Endpoint.IsLoopback) throw new ArgumentException($"--endpoint must be a loopback address, not {Endpoint.Host}");
        if (LoadEndpoints.FirstOrDefault(e => !e.IsLoopback) is { } remote) throw new ArgumentException($"--endpoints must be loopback addresses, not {remote.Host}");
        if (EntriesPerRequest is < 1 or > 10) throw new ArgumentException("--entries must be 1-10");
        if (Concurrency is < 1 or > 4096) throw new ArgumentException("--concurrency must be 1-4096");
        if (Rate is <= 0 or > 100_000) throw new ArgumentException("--rate must be in (0, 100000]");
        if (Duration <= TimeSpan.Zero || Duration + Warmup > LongestDuration) throw new ArgumentException("--duration plus --warmup must be at most 10m");
        if (Rules is < 0 or > 10_000) throw new ArgumentException("--rules must be 0-10000");
        if (MaxRequests < 1) throw new ArgumentException("--max-requests must be positive");
    }

    /// <summary>"--endpoints URL,URL,...": the load is spread over them; the first also takes the setup calls.</summary>
    private static LoadOptions Endpoints(LoadOptions options, string list)
    {
        var endpoints = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(e => new Uri(e)).ToArray();
        if (endpoints.Length == 0) throw new ArgumentException("--endpoints needs at least one URL");
        return options with { Endpoint = endpoints[0], LoadEndpoints = endpoints };
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>"20s", "2m", "500ms" or plain seconds.</summary>
    private static TimeSpan Span(string text) => text switch
    {
        _ when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture)),
        _ when text.EndsWith('s') => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ when text.EndsWith('m') => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)),
    };
}
