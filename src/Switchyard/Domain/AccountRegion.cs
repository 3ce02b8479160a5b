namespace Switchyard.Domain;

/// <summary>The unit of isolation: every resource belongs to one account in one region, as on AWS.</summary>
public readonly record struct AccountRegion(string AccountId, string Region)
{
    public override string ToString() => $"{AccountId}/{Region}";
}
