using System.Text.Json;

namespace Switchyard.Patterns.Explaining;

/// <summary>A leaf of a parsed event: its dotted path, value and (array id, index) ancestry.</summary>
internal sealed record EventLeaf(string Path, JsonElement Value, (int Array, int Index)[] Ancestry)
{
    public bool ConsistentWith(EventLeaf other)
    {
        var n = Math.Min(Ancestry.Length, other.Ancestry.Length);
        for (var i = 0; i < n; i++)
        {
            if (Ancestry[i].Array != other.Ancestry[i].Array) return true;
            if (Ancestry[i].Index != other.Ancestry[i].Index) return false;
        }

        return true;
    }
}
