using System.Text.Json;
using System.Text.RegularExpressions;
using Switchyard.Hosting;
using Switchyard.Tests.Integration;
using Switchyard.Settings;

namespace Switchyard.Tests.ApiDestinations;

public sealed class ConnectionApiTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string ApiKeyConnection = """
        {"Name":"keyed","Description":"d","AuthorizationType":"API_KEY",
         "AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"very-secret"},
           "InvocationHttpParameters":{"HeaderParameters":[{"Key":"x-plain","Value":"shown"},{"Key":"x-hidden","Value":"not-shown","IsValueSecret":true}]}}}
        """;

    [Fact]
    public async Task Create_and_describe_an_api_key_connection_without_secrets()
    {
        var created = await _server.CallAsync("CreateConnection", ApiKeyConnection);
        Assert.Equal(200, created.Status);
        var arn = created.Json.GetProperty("ConnectionArn").GetString()!;
        Assert.Matches(@"^arn:aws:events:us-east-1:123456789012:connection/keyed/[0-9a-f-]{36}$", arn);
        Assert.Equal("AUTHORIZED", created.Json.GetProperty("ConnectionState").GetString());
        Assert.True(created.Json.TryGetProperty("CreationTime", out _));
        Assert.True(created.Json.TryGetProperty("LastModifiedTime", out _));

        var described = await _server.CallAsync("DescribeConnection", """{"Name":"keyed"}""");
        var json = described.Json;
        Assert.Equal(arn, json.GetProperty("ConnectionArn").GetString());
        Assert.Equal("keyed", json.GetProperty("Name").GetString());
        Assert.Equal("d", json.GetProperty("Description").GetString());
        Assert.Equal("API_KEY", json.GetProperty("AuthorizationType").GetString());
        Assert.Equal("AUTHORIZED", json.GetProperty("ConnectionState").GetString());
        Assert.True(json.TryGetProperty("LastAuthorizedTime", out _));
        Assert.Matches(@"^arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/keyed/[0-9a-f-]{36}-[A-Za-z0-9]{6}$",
            json.GetProperty("SecretArn").GetString()!);
        var auth = json.GetProperty("AuthParameters");
        Assert.Equal("""{"ApiKeyName":"x-api-key"}""", auth.GetProperty("ApiKeyAuthParameters").GetRawText());
        var headers = auth.GetProperty("InvocationHttpParameters").GetProperty("HeaderParameters");
        Assert.Equal("""{"Key":"x-plain","Value":"shown","IsValueSecret":false}""", headers[0].GetRawText());
        Assert.Equal("""{"Key":"x-hidden","IsValueSecret":true}""", headers[1].GetRawText());
        Assert.DoesNotContain("very-secret", described.Body);
        Assert.DoesNotContain("not-shown", described.Body);
    }

    [Fact]
    public async Task Oauth_and_basic_describe_leave_out_secrets()
    {
        await _server.CallAsync("CreateConnection", """
            {"Name":"b","AuthorizationType":"BASIC","AuthParameters":{"BasicAuthParameters":{"Username":"user","Password":"pw-secret"}}}
            """);
        var basic = await _server.CallAsync("DescribeConnection", """{"Name":"b"}""");
        Assert.Equal("""{"BasicAuthParameters":{"Username":"user"}}""", basic.Json.GetProperty("AuthParameters").GetRawText());

        var oauth = await _server.CallAsync("CreateConnection", """
            {"Name":"o","AuthorizationType":"OAUTH_CLIENT_CREDENTIALS","AuthParameters":{"OAuthParameters":{
              "AuthorizationEndpoint":"http://127.0.0.1:9/oauth","HttpMethod":"POST",
              "ClientParameters":{"ClientID":"cid","ClientSecret":"client-secret"}}}}
            """);
        Assert.Equal("AUTHORIZING", oauth.Json.GetProperty("ConnectionState").GetString());
        var described = await _server.CallAsync("DescribeConnection", """{"Name":"o"}""");
        Assert.Equal("""{"OAuthParameters":{"ClientParameters":{"ClientID":"cid"},"AuthorizationEndpoint":"http://127.0.0.1:9/oauth","HttpMethod":"POST"}}""",
            described.Json.GetProperty("AuthParameters").GetRawText());
        Assert.DoesNotContain("client-secret", described.Body);
    }

    [Fact]
    public async Task Private_connectivity_is_kept_with_its_resource_association()
    {
        const string configuration = "arn:aws:vpc-lattice:us-east-1:123456789012:resourceconfiguration/rcfg-0123456789abcdefg";
        var created = await _server.CallAsync("CreateConnection", """
            {"Name":"private","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"}},
             "InvocationConnectivityParameters":{"ResourceParameters":{"ResourceConfigurationArn":"CONFIGURATION"}}}
            """.Replace("CONFIGURATION", configuration));
        Assert.Equal(200, created.Status);
        var described = (await _server.CallAsync("DescribeConnection", """{"Name":"private"}""")).Json;
        var resource = described.GetProperty("InvocationConnectivityParameters").GetProperty("ResourceParameters");
        Assert.Equal(configuration, resource.GetProperty("ResourceConfigurationArn").GetString());
        Assert.Matches(@"^arn:aws:vpc-lattice:us-east-1:123456789012:servicenetworkresourceassociation/snra-[0-9a-z]{17}$",
            resource.GetProperty("ResourceAssociationArn").GetString()!);
        Assert.False(described.GetProperty("AuthParameters").TryGetProperty("ConnectivityParameters", out _));
    }

    [Fact]
    public async Task Duplicate_and_missing_connections_are_aws_errors()
    {
        await _server.CallAsync("CreateConnection", ApiKeyConnection);
        var again = await _server.CallAsync("CreateConnection", ApiKeyConnection);
        Assert.Equal("ResourceAlreadyExistsException", again.ErrorType);
        Assert.Equal("Connection keyed already exists.", again.ErrorMessage);

        foreach (var operation in new[] { "DescribeConnection", "DeleteConnection", "DeauthorizeConnection", "UpdateConnection" })
        {
            var missing = await _server.CallAsync(operation, """{"Name":"nope","Description":"x"}""");
            Assert.Equal("ResourceNotFoundException", missing.ErrorType);
            Assert.Equal("Failed to describe the connection(s). Connection 'nope' does not exist.", missing.ErrorMessage);
        }
    }

    [Theory]
    [InlineData("""{"Name":"c","AuthorizationType":"BASIC","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"}}}""")]
    [InlineData("""{"Name":"c","AuthorizationType":"API_KEY","AuthParameters":{}}""")]
    [InlineData("""{"Name":"c","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"},"BasicAuthParameters":{"Username":"u","Password":"p"}}}""")]
    [InlineData("""{"Name":"c","AuthorizationType":"OAUTH_CLIENT_CREDENTIALS","AuthParameters":{"OAuthParameters":{"AuthorizationEndpoint":"not-a-url","HttpMethod":"POST","ClientParameters":{"ClientID":"a","ClientSecret":"b"}}}}""")]
    public async Task Auth_parameters_must_match_the_authorization_type(string body)
    {
        var response = await _server.CallAsync("CreateConnection", body);
        Assert.Equal("ValidationException", response.ErrorType);
        Assert.Equal("ResourceNotFoundException", (await _server.CallAsync("DescribeConnection", """{"Name":"c"}""")).ErrorType);
    }

    [Fact]
    public async Task Model_validation_errors_are_aws_texts()
    {
        // Both recorded from AWS (LocalStack snapshots test_create_connection_invalid_parameters and _name_validation).
        var badType = await _server.CallAsync("CreateConnection", """{"Name":"c","AuthorizationType":"INVALID_AUTH_TYPE","AuthParameters":{}}""");
        Assert.Equal("ValidationException", badType.ErrorType);
        Assert.Equal("1 validation error detected: Value 'INVALID_AUTH_TYPE' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]",
            badType.ErrorMessage);

        var badName = await _server.CallAsync("CreateConnection",
            """{"Name":"Invalid Name With Spaces!","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"ApiKey","ApiKeyValue":"secret"}}}""");
        Assert.Equal(@"1 validation error detected: Value 'Invalid Name With Spaces!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+",
            badName.ErrorMessage);
    }

    [Fact]
    public async Task Update_changes_what_is_given_and_keeps_secrets()
    {
        await _server.CallAsync("CreateConnection", """
            {"Name":"b","AuthorizationType":"BASIC","AuthParameters":{"BasicAuthParameters":{"Username":"user","Password":"pw"}}}
            """);
        var updated = await _server.CallAsync("UpdateConnection", """{"Name":"b","AuthParameters":{"BasicAuthParameters":{"Username":"new_user"}}}""");
        Assert.Equal(200, updated.Status);
        Assert.Equal("AUTHORIZED", updated.Json.GetProperty("ConnectionState").GetString());
        Assert.True(updated.Json.TryGetProperty("LastAuthorizedTime", out _));

        var described = await _server.CallAsync("DescribeConnection", """{"Name":"b"}""");
        Assert.Equal("new_user", described.Json.GetProperty("AuthParameters").GetProperty("BasicAuthParameters").GetProperty("Username").GetString());

        // Switching the type needs the new type's block.
        var incomplete = await _server.CallAsync("UpdateConnection", """{"Name":"b","AuthorizationType":"API_KEY"}""");
        Assert.Equal("ValidationException", incomplete.ErrorType);
        var switched = await _server.CallAsync("UpdateConnection",
            """{"Name":"b","AuthorizationType":"API_KEY","Description":"now keyed","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"}}}""");
        Assert.Equal(200, switched.Status);
        var after = await _server.CallAsync("DescribeConnection", """{"Name":"b"}""");
        Assert.Equal("API_KEY", after.Json.GetProperty("AuthorizationType").GetString());
        Assert.Equal("now keyed", after.Json.GetProperty("Description").GetString());
        Assert.False(after.Json.GetProperty("AuthParameters").TryGetProperty("BasicAuthParameters", out _));
    }

    [Fact]
    public async Task Deauthorize_wipes_credentials_until_the_connection_is_updated()
    {
        var arn = (await _server.CallAsync("CreateConnection", ApiKeyConnection)).Json.GetProperty("ConnectionArn").GetString();
        await _server.CallAsync("CreateApiDestination",
            $$"""{"Name":"dest","ConnectionArn":"{{arn}}","InvocationEndpoint":"https://example.com/x","HttpMethod":"POST"}""");

        var deauthorized = await _server.CallAsync("DeauthorizeConnection", """{"Name":"keyed"}""");
        Assert.Equal(200, deauthorized.Status);
        Assert.Equal("DEAUTHORIZING", deauthorized.Json.GetProperty("ConnectionState").GetString());

        var described = await _server.CallAsync("DescribeConnection", """{"Name":"keyed"}""");
        Assert.Equal("DEAUTHORIZED", described.Json.GetProperty("ConnectionState").GetString());
        Assert.Equal("The authorization parameters were removed from this connection by a DeauthorizeConnection operation.",
            described.Json.GetProperty("StateReason").GetString());
        Assert.False(described.Json.TryGetProperty("SecretArn", out _));
        Assert.Equal("{}", described.Json.GetProperty("AuthParameters").GetRawText());
        Assert.Equal("INACTIVE", (await _server.CallAsync("DescribeApiDestination", """{"Name":"dest"}""")).Json.GetProperty("ApiDestinationState").GetString());

        var listed = await _server.CallAsync("ListConnections", """{"ConnectionState":"DEAUTHORIZED"}""");
        Assert.Equal(1, listed.Json.GetProperty("Connections").GetArrayLength());

        // Giving it credentials again authorizes it again.
        var reauthorized = await _server.CallAsync("UpdateConnection",
            """{"Name":"keyed","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"fresh"}}}""");
        Assert.Equal("AUTHORIZED", reauthorized.Json.GetProperty("ConnectionState").GetString());
        Assert.Equal("ACTIVE", (await _server.CallAsync("DescribeApiDestination", """{"Name":"dest"}""")).Json.GetProperty("ApiDestinationState").GetString());
    }

    [Fact]
    public async Task Delete_answers_deleting_and_the_connection_is_gone()
    {
        await _server.CallAsync("CreateConnection", ApiKeyConnection);
        var deleted = await _server.CallAsync("DeleteConnection", """{"Name":"keyed"}""");
        Assert.Equal("DELETING", deleted.Json.GetProperty("ConnectionState").GetString());
        Assert.True(deleted.Json.TryGetProperty("LastAuthorizedTime", out _));
        Assert.Equal("ResourceNotFoundException", (await _server.CallAsync("DescribeConnection", """{"Name":"keyed"}""")).ErrorType);
    }

    [Fact]
    public async Task List_filters_by_prefix_and_pages()
    {
        for (var i = 0; i < 5; i++)
        {
            await _server.CallAsync("CreateConnection",
                """{"Name":"conn-#","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"}}}""".Replace("#", i.ToString()));
        }
        await _server.CallAsync("CreateConnection", """{"Name":"other","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"}}}""");
        var names = new List<string>();
        string? token = null;
        do
        {
            var body = token is null ? """{"NamePrefix":"conn-","Limit":2}""" : $$"""{"NamePrefix":"conn-","Limit":2,"NextToken":"{{token}}"}""";
            var page = await _server.CallAsync("ListConnections", body);
            foreach (var c in page.Json.GetProperty("Connections").EnumerateArray())
            {
                names.Add(c.GetProperty("Name").GetString()!);
                Assert.Equal("API_KEY", c.GetProperty("AuthorizationType").GetString());
                Assert.False(c.TryGetProperty("AuthParameters", out _));
            }
            token = page.Json.TryGetProperty("NextToken", out var t) ? t.GetString() : null;
        } while (token is not null);
        Assert.Equal(["conn-0", "conn-1", "conn-2", "conn-3", "conn-4"], names);
    }

    [Fact]
    public async Task Connections_per_region_are_limited()
    {
        var modules = new ModuleSettings(new Dictionary<string, JsonElement>
        {
            ["apidestinations"] = JsonDocument.Parse("""{"connectionsPerRegion":1}""").RootElement.Clone(),
        });
        await using var server = await ServerHarness.StartAsync(new ServerOptions { InMemory = true, Modules = modules });
        const string body = """{"Name":"NAME","AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"}}}""";
        Assert.Equal(200, (await server.CallAsync("CreateConnection", body.Replace("NAME", "one"))).Status);
        Assert.Equal("LimitExceededException", (await server.CallAsync("CreateConnection", body.Replace("NAME", "two"))).ErrorType);
        // Another region has its own quota.
        Assert.Equal(200, (await server.CallAsync("CreateConnection", body.Replace("NAME", "two"), region: "eu-west-1")).Status);
    }

    [Fact]
    public async Task Oauth_connection_becomes_authorized_once_a_token_was_fetched()
    {
        await using var endpoint = await FakeHttpEndpoint.StartAsync();
        var created = await _server.CallAsync("CreateConnection", """
            {"Name":"o","AuthorizationType":"OAUTH_CLIENT_CREDENTIALS","AuthParameters":{"OAuthParameters":{
              "AuthorizationEndpoint":"BASE/oauth/token","HttpMethod":"POST",
              "ClientParameters":{"ClientID":"cid","ClientSecret":"cs"}}}}
            """.Replace("BASE", endpoint.BaseUrl));
        Assert.Equal("AUTHORIZING", created.Json.GetProperty("ConnectionState").GetString());
        var arn = created.Json.GetProperty("ConnectionArn").GetString();
        var destination = await _server.CallAsync("CreateApiDestination",
            $$"""{"Name":"dest","ConnectionArn":"{{arn}}","InvocationEndpoint":"{{endpoint.BaseUrl}}/hook","HttpMethod":"POST"}""");
        Assert.Equal(200, destination.Status);

        Assert.Equal("AUTHORIZED", await WaitForStateAsync("o", "AUTHORIZED"));
        Assert.Equal(1, endpoint.TokensIssued);
        Assert.Equal("ACTIVE", (await _server.CallAsync("DescribeApiDestination", """{"Name":"dest"}""")).Json.GetProperty("ApiDestinationState").GetString());

        endpoint.TokenEndpointFailure = 401;
        await _server.CallAsync("UpdateConnection", """{"Name":"o","AuthParameters":{"OAuthParameters":{"ClientParameters":{"ClientSecret":"wrong"}}}}""");
        Assert.Equal("DEAUTHORIZED", await WaitForStateAsync("o", "DEAUTHORIZED"));
        Assert.Equal("INACTIVE", (await _server.CallAsync("DescribeApiDestination", """{"Name":"dest"}""")).Json.GetProperty("ApiDestinationState").GetString());
    }

    private async Task<string> WaitForStateAsync(string name, string state)
    {
        string? current = null;
        for (var i = 0; i < 100 && current != state; i++)
        {
            if (i > 0) await Task.Delay(50);
            current = (await _server.CallAsync("DescribeConnection", $$"""{"Name":"{{name}}"}""")).Json.GetProperty("ConnectionState").GetString();
        }
        return current!;
    }
}
