namespace Switchyard.Policies;

/// <summary>The <c>Effect</c> of a statement. IAM spells these exactly "Allow" and "Deny" (case-sensitive).</summary>
public enum PolicyEffect
{
    Allow,
    Deny,
}
