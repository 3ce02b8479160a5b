using System.Text.Json.Serialization;

namespace Switchyard.Tests.Integration;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TestJson : JsonSerializerContext;
