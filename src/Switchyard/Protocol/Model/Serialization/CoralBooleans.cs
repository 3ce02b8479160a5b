namespace Switchyard.Protocol.Model.Serialization;

/// <summary>The string spellings AWS's JSON front end accepts for a boolean member.</summary>
public static class CoralBooleans
{
    public static bool TryParse(string? text, out bool value)
    {
        switch (text?.ToUpperInvariant())
        {
            case "TRUE" or "YES" or "1":
                value = true;
                return true;
            case "FALSE" or "NO" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
