namespace Switchyard.Domain.Organizations;

/// <summary>An AWS Organizations organization as declared in the config file.</summary>
public sealed record Organization(string Id, string ManagementAccount, IReadOnlySet<string> Accounts);
