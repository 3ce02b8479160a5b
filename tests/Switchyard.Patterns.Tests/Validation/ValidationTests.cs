namespace Switchyard.Patterns.Tests.Validation;

public class ValidationTests
{
    [Theory]
    // Reasons as AWS words them (recorded from EventBridge / event-ruler).
    [InlineData("{\"int\": 42}", "\"int\" must be an object or an array")]
    [InlineData("{\"string\": \"my-value\"}", "\"string\" must be an object or an array")]
    [InlineData("{\"resources\": []}", "Empty arrays are not allowed")]
    [InlineData("{\"detail\": {}}", "Empty objects are not allowed")]
    [InlineData("{}", "Empty objects are not allowed")]
    [InlineData("[\"not\", \"a\", \"dict\"]", "Filter is not an object")]
    [InlineData("{\"detail\": {\"equal\": [{\"NUMERIC\": [\"=\", 5]}]}}", "Unrecognized match type NUMERIC")]
    [InlineData("{\"my_key\": [{\"EXISTS\": true}]}", "Unrecognized match type EXISTS")]
    [InlineData("{\"a\": [{\"regex\": \"x\"}]}", "Unrecognized match type regex")]
    [InlineData("{\"detail\": {\"c-count\": [{\"numeric\": [\">\", 0, \">\", 0]}]}}", "Bad numeric range operator: >")]
    [InlineData("{\"detail\": {\"c-count\": [{\"numeric\": [\">\", 0, \"<\"]}]}}", "Value of < must be numeric")]
    [InlineData("{\"a\": [{\"numeric\": [\">=\", \"5\"]}]}", "Value of >= must be numeric")]
    [InlineData("{\"a\": [{\"numeric\": [\"=\", 5, \"<\", 6]}]}", "Too many elements in numeric expression")]
    [InlineData("{\"a\": [{\"numeric\": [\">\", 0, \"<\", 5, \"<\", 6]}]}", "Too many terms in numeric range expression")]
    [InlineData("{\"a\": [{\"numeric\": [\"!=\", 5]}]}", "Unrecognized numeric range operator: !=")]
    [InlineData("{\"a\": [{\"numeric\": [5]}]}", "Invalid member in numeric match: 5")]
    [InlineData("{\"a\": [{\"numeric\": [\">\", 5, \"<\", 1]}]}", "Bottom must be less than top")]
    [InlineData("{\"a\": [{\"numeric\": 5}]}", "Value of numeric must be an array.")]
    [InlineData("{\"EventBusArn\": [{\"wildcard\": \"arn:aws:events:us-east-1:**:event-bus/*\"}]}", "Consecutive wildcard characters at pos 26")]
    [InlineData("{\"EventBusArn\": [{\"wildcard\": 123}]}", "wildcard match pattern must be a string")]
    [InlineData("{\"a\": [{\"wildcard\": \"a\\\\b\"}]}", "Invalid escape character at pos 1")]
    [InlineData("{\"detail-type\": [{\"equals-ignore-case\": [\"ec2\"]}]}", "equals-ignore-case match pattern must be a string")]
    [InlineData("{\"time\": [{\"prefix\": [\"2022-07-13\"]}]}", "prefix match pattern must be a string")]
    [InlineData("{\"time\": [{\"prefix\": 123}]}", "prefix match pattern must be a string")]
    [InlineData("{\"time\": [{\"prefix\": null}]}", "prefix match pattern must be a string")]
    [InlineData("{\"FileName\": [{\"suffix\": 123}]}", "suffix match pattern must be a string")]
    [InlineData("{\"a\": [{\"exists\": \"yes\"}]}", "exists match pattern must be either true or false.")]
    [InlineData("{\"a\": [{\"prefix\": \"a\", \"suffix\": \"b\"}]}", "Only one key allowed in match expression")]
    [InlineData("{\"ip\": [{\"cidr\": \"10.0.0.0\"}]}", "Malformed CIDR, one '/' required")]
    [InlineData("{\"ip\": [{\"cidr\": \"10.0.0.0/xx\"}]}", "Malformed CIDR, mask bits must be an integer")]
    [InlineData("{\"ip\": [{\"cidr\": \"xx.11.xx/24\"}]}", "Nonstandard IP address: xx.11.xx")]
    [InlineData("{\"ip\": [{\"cidr\": \"xxxx:db8:1234:1a00::/64\"}]}", "Nonstandard IP address: xxxx:db8:1234:1a00::")]
    [InlineData("{\"ip\": [{\"cidr\": \"10.0.0.0/33\"}]}", "Malformed CIDR, mask bits must be between 0 and 32")]
    [InlineData("{\"ip\": [{\"cidr\": [\"bad-type\"]}]}", "prefix match pattern must be a string")]
    [InlineData("{\"s\": [{\"anything-but\": {\"equals-ignore-case\": 123}}]}", "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.")]
    [InlineData("{\"s\": [{\"anything-but\": {\"equals-ignore-case\": [123, 456]}}]}", "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.")]
    [InlineData("{\"s\": [{\"anything-but\": {\"wildcard\": [123, \"*/dir/*\"]}}]}", "wildcard match pattern must be a string")]
    [InlineData("{\"s\": [{\"anything-but\": {\"suffix\": [123, \".txt\"]}}]}", "prefix/suffix match pattern must be a string")]
    [InlineData("{\"s\": [{\"anything-but\": {\"prefix\": 123}}]}", "prefix/suffix match pattern must be a string")]
    [InlineData("{\"s\": [{\"anything-but\": {\"prefix\": {\"equals-ignore-case\": \"file\"}}}]}", "Value of anything-but must be an array or single string/number value.")]
    [InlineData("{\"s\": [{\"anything-but\": {\"prefix\": \"\"}}]}", "Null prefix/suffix not allowed")]
    [InlineData("{\"s\": [{\"anything-but\": {\"numeric\": [\">\", 1]}}]}", "Unsupported anything-but pattern: numeric")]
    [InlineData("{\"s\": [{\"anything-but\": [\"a\", 1]}]}", "Inside anything but list, either all values are number or string, mixed type is not supported")]
    [InlineData("{\"s\": [{\"anything-but\": [null]}]}", "Inside anything but list, start|null|boolean is not supported.")]
    [InlineData("{\"s\": [{\"anything-but\": null}]}", "Value of anything-but must be an array or single string/number value.")]
    [InlineData("{\"s\": [[\"nested\"]]}", "Match value must be String, number, true, false, or null")]
    [InlineData("{\"$or\": [{\"a\": [\"1\"]}]}", "There must have at least 2 Objects in $or relationship.")]
    [InlineData("{\"a\": [\"1\"], \"$or\": [{\"a\": [\"2\"]}, {\"b\": [\"3\"]}]}", "Field \"a\" is matched more than once")]
    [InlineData("{\"a.b\": [\"1\"], \"a\": {\"b\": [\"2\"]}}", "Field \"a.b\" is matched more than once")]
    public void InvalidPatternsAreRefusedWithAwsReasons(string pattern, string reason)
    {
        var e = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(pattern));
        Assert.Equal(reason, e.Reason);
        Assert.StartsWith("Event pattern is not valid. Reason: " + reason, e.Message);
    }

    [Theory]
    [InlineData("this is valid json but not a dict")]
    [InlineData("{'bad': 'quotation'}")]
    [InlineData("{\"not\": closed mark\"")]
    [InlineData("")]
    public void MalformedJsonIsRefused(string pattern)
    {
        var e = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(pattern));
        Assert.StartsWith("Event pattern is not valid. Reason: ", e.Message);
    }

    [Fact]
    public void MessageSaysWhere()
    {
        var e = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse("""{"detail":{"state":[{"prefix":1}]}}"""));
        Assert.Equal("detail.state", e.Location);
        Assert.Contains("detail.state", e.Message);
    }

    [Fact]
    public void LengthLimitIsEnforcedAndConfigurable()
    {
        var longPattern = "{\"a\":[" + string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"{i}\"")) + "]}";
        Assert.True(longPattern.Length > 4096);
        var e = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(longPattern));
        Assert.Contains("4096", e.Reason);
        Assert.NotNull(EventPattern.Parse(longPattern, new PatternOptions { MaxPatternLength = 10_000 }));
        Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse("""{"a":["1"]}""", new PatternOptions { MaxPatternLength = 5 }));
    }

    [Fact]
    public void OrExpansionIsBounded()
    {
        // 2^11 branches exceed the default bound of 1024.
        var pattern = "{" + string.Join(",", Enumerable.Range(0, 11).Select(i => $"\"f{i}\":{{\"$or\":[{{\"a\":[\"1\"]}},{{\"b\":[\"2\"]}}]}}")) + "}";
        var e = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(pattern));
        Assert.Contains("$or", e.Reason);
    }

    [Theory]
    [InlineData("{\"a\": [{\"wildcard\": \"a\\\\*b\"}]}")]
    [InlineData("{\"a\": [{\"wildcard\": \"a\\\\\\\\b\"}]}")]
    [InlineData("{\"a\": [{\"prefix\": \"\"}]}")]
    [InlineData("{\"a\": [{\"exactly\": \"x\"}]}")]
    [InlineData("{\"a\": [{\"numeric\": [\">\", -1.5e300, \"<=\", 1.5e300]}]}")]
    [InlineData("{\"a\": [{\"cidr\": \"2001:db8::/32\"}]}")]
    [InlineData("{\"a\": [{\"anything-but\": {\"wildcard\": [\"*.a\", \"b*\"]}}]}")]
    [InlineData("{\"$or\": [\"a\", \"b\"]}")]
    public void ValidPatternsParse(string pattern) => Assert.Equal(pattern, EventPattern.Parse(pattern).Json);
}
