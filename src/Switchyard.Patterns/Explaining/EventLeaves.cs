using System.Text.Json;

namespace Switchyard.Patterns.Explaining;

/// <summary>Flattens a parsed event into leaves, for the explainer (clarity over speed).</summary>
internal static class EventLeaves
{
    public static List<EventLeaf> Flatten(JsonElement root)
    {
        var leaves = new List<EventLeaf>();
        var arrayIds = 0;
        Walk(root, "", [], leaves, ref arrayIds);
        return leaves;
    }

    private static void Walk(JsonElement element, string path, (int, int)[] ancestry, List<EventLeaf> leaves, ref int arrayIds)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, ancestry, leaves, ref arrayIds);
                break;
            case JsonValueKind.Array:
                var id = arrayIds++;
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Walk(item, path, [.. ancestry, (id, index++)], leaves, ref arrayIds);
                break;
            default:
                leaves.Add(new EventLeaf(path, element, ancestry));
                break;
        }
    }
}
