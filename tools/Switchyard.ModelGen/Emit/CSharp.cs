using System.Text;

namespace Switchyard.ModelGen.Emit;

/// <summary>Small helpers for writing C# source text.</summary>
public static class CSharp
{
    /// <summary>A regular (escaped) C# string literal; non-ASCII and control characters become \u escapes.</summary>
    public static string Literal(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7E) sb.Append("\\u").Append(((int)c).ToString("X4"));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    public static string LiteralOrNull(string? value) => value is null ? "null" : Literal(value);
}
