using Switchyard.Tests.Integration;

namespace Switchyard.Tests.Recorded;

/// <summary>Every row of tests/recorded/validation-messages.json (validation errors recorded from AWS) against a running server.</summary>
public sealed class RecordedValidationMessageTests
{
    [Fact]
    public async Task Every_recorded_validation_message()
    {
        var rows = RecordedAnswers.Load("validation-messages.json")["rows"]!.AsArray();
        Assert.True(rows.Count >= 7);
        await using var server = await ServerHarness.StartAsync();
        foreach (var row in rows)
        {
            var recorded = (string)row!["recorded"]!;
            foreach (var call in row["setup"]?.AsArray() ?? [])
            {
                var setup = await server.CallAsync((string)call![0]!, call[1]!.ToJsonString());
                Assert.True(setup.Status == 200, $"{recorded}: setup {setup.Body}");
            }
            var response = await server.CallAsync((string)row["operation"]!, row["request"]!.ToJsonString());
            Assert.True(response.Status == 400, $"{recorded}: {response.Status} {response.Body}");
            Assert.Equal((string)row["type"]!, response.ErrorType);
            Assert.True((string)row["message"]! == response.ErrorMessage, $"{recorded}: {response.ErrorMessage}");
        }
    }
}
