using Switchyard.Hosting;
using Switchyard.Settings;
using Switchyard.Storage;
using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Storage.Catalog;

/// <summary>
/// A data directory written before the versioned store (resources as documents in the state store's table) keeps its
/// buses, rules, connections and API destinations: imported once, on the first start of the new server.
/// </summary>
public sealed class LegacyResourceImportTests : IDisposable
{
    private const string Prefix = "123456789012/us-east-1/";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("switchyard-legacy-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    // Documents exactly as the previous server's PersistentCollection wrote them (its JSON contexts, its keys).
    private void WriteLegacyDataDirectory()
    {
        using var legacy = new SqliteStateStore(_dataDirectory);
        legacy.Apply(
        [
            new StateChange("event-bus", Prefix + "default", """
                {"AccountId":"123456789012","Region":"us-east-1","Name":"default","CreationTime":"2026-01-01T00:00:00+00:00","LastModifiedTime":"2026-01-01T00:00:00+00:00","Tags":[]}
                """),
            new StateChange("event-bus", Prefix + "orders", """
                {"AccountId":"123456789012","Region":"us-east-1","Name":"orders","Description":"kept","Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"s1\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},\"Action\":\"events:PutEvents\",\"Resource\":\"arn:aws:events:us-east-1:123456789012:event-bus/orders\"}]}","CreationTime":"2026-01-01T00:00:00+00:00","LastModifiedTime":"2026-01-02T00:00:00+00:00","Tags":[{"Key":"team","Value":"a"}]}
                """),
            new StateChange("rule", Prefix + "orders/r1", """
                {"AccountId":"123456789012","Region":"us-east-1","BusName":"orders","Name":"r1","EventPattern":"{\"source\":[\"app\"]}","State":"ENABLED","CreatedBy":"123456789012","Tags":[],"Targets":[{"Id":"t1","Arn":"arn:aws:sqs:us-east-1:123456789012:queue"}],"CreationTime":"2026-01-01T00:00:00+00:00"}
                """),
            new StateChange("rule", Prefix + "orders/r2", """
                {"AccountId":"123456789012","Region":"us-east-1","BusName":"orders","Name":"r2","ScheduleExpression":"rate(5 minutes)","State":"DISABLED","CreatedBy":"123456789012","Tags":[],"Targets":[],"CreationTime":"2026-01-01T00:00:00+00:00"}
                """),
            new StateChange("connection", Prefix + "conn", """
                {"AccountId":"123456789012","Region":"us-east-1","Name":"conn","Id":"0f2a5bde-1111-2222-3333-444455556666","AuthorizationType":"API_KEY","State":"DEAUTHORIZED","StateReason":"kept","SecretId":"events!connection/conn/0f2a5bde-1111-2222-3333-444455556666","SecretSuffix":"AbCdEf","AuthVersion":1,"CreationTime":"2026-01-01T00:00:00+00:00","LastModifiedTime":"2026-01-01T00:00:00+00:00"}
                """),
            new StateChange("api-destination", Prefix + "dest", """
                {"AccountId":"123456789012","Region":"us-east-1","Name":"dest","Id":"9a8b7c6d-1111-2222-3333-444455556666","ConnectionArn":"arn:aws:events:us-east-1:123456789012:connection/conn/0f2a5bde-1111-2222-3333-444455556666","InvocationEndpoint":"https://example.com/hook","HttpMethod":"POST","InvocationRateLimitPerSecond":10,"CreationTime":"2026-01-01T00:00:00+00:00","LastModifiedTime":"2026-01-01T00:00:00+00:00"}
                """),
        ]);
    }

    [Fact]
    public async Task Resources_of_a_data_directory_written_by_the_previous_server_are_imported_once()
    {
        WriteLegacyDataDirectory();
        var options = new ServerOptions { DataDirectory = _dataDirectory };

        await using (var server = await ServerHarness.StartAsync(options))
        {
            var bus = await server.CallAsync("DescribeEventBus", """{"Name":"orders"}""");
            Assert.Equal(200, bus.Status);
            Assert.Equal("kept", bus.Json.GetProperty("Description").GetString());
            Assert.Contains("\"Sid\":\"s1\"", bus.Json.GetProperty("Policy").GetString());
            var tags = await server.CallAsync("ListTagsForResource", """{"ResourceARN":"arn:aws:events:us-east-1:123456789012:event-bus/orders"}""");
            Assert.Equal("team", tags.Json.GetProperty("Tags")[0].GetProperty("Key").GetString());

            var rules = await server.CallAsync("ListRules", """{"EventBusName":"orders"}""");
            Assert.Equal(["r1", "r2"], rules.Json.GetProperty("Rules").EnumerateArray().Select(r => r.GetProperty("Name").GetString()));
            var targets = await server.CallAsync("ListTargetsByRule", """{"Rule":"r1","EventBusName":"orders"}""");
            Assert.Equal("t1", targets.Json.GetProperty("Targets")[0].GetProperty("Id").GetString());

            var connection = await server.CallAsync("DescribeConnection", """{"Name":"conn"}""");
            Assert.Equal("DEAUTHORIZED", connection.Json.GetProperty("ConnectionState").GetString());
            var destination = await server.CallAsync("DescribeApiDestination", """{"Name":"dest"}""");
            Assert.Equal(10, destination.Json.GetProperty("InvocationRateLimitPerSecond").GetInt32());

            // A change after the import must hold after a restart: the old rows are not imported a second time.
            Assert.Equal(200, (await server.CallAsync("DeleteRule", """{"Name":"r2","EventBusName":"orders"}""")).Status);
        }

        using (var legacy = new SqliteStateStore(_dataDirectory))
        {
            foreach (var kind in new[] { "event-bus", "rule", "connection", "api-destination" }) Assert.Empty(legacy.LoadAll(kind));
        }

        await using (var restarted = await ServerHarness.StartAsync(options))
        {
            var rules = await restarted.CallAsync("ListRules", """{"EventBusName":"orders"}""");
            Assert.Equal(["r1"], rules.Json.GetProperty("Rules").EnumerateArray().Select(r => r.GetProperty("Name").GetString()));
            Assert.Equal(200, (await restarted.CallAsync("DescribeConnection", """{"Name":"conn"}""")).Status);
        }
    }

    [Fact]
    public async Task Old_rows_left_by_a_crash_after_the_import_are_removed_without_importing_them_again()
    {
        var options = new ServerOptions { DataDirectory = _dataDirectory };
        await using (var server = await ServerHarness.StartAsync(options))
        {
            Assert.Equal(200, (await server.CallAsync("CreateEventBus", """{"Name":"fresh"}""")).Status);
        }
        // As if the import had committed and the process died before removing the old rows.
        WriteLegacyDataDirectory();

        await using (var restarted = await ServerHarness.StartAsync(options))
        {
            Assert.Equal(200, (await restarted.CallAsync("DescribeEventBus", """{"Name":"fresh"}""")).Status);
            Assert.Equal("ResourceNotFoundException", (await restarted.CallAsync("DescribeEventBus", """{"Name":"orders"}""")).ErrorType);
        }
        using var legacy = new SqliteStateStore(_dataDirectory);
        Assert.Empty(legacy.LoadAll("event-bus"));
    }
}
