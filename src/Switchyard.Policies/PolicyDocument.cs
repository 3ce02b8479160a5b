using System.Text.Json;
using Switchyard.Policies.Evaluation;
using Switchyard.Policies.Parsing;

namespace Switchyard.Policies;

/// <summary>
/// A resource policy (IAM policy language) as attached to an event bus: parsed and validated once, then
/// evaluated per request with <see cref="PolicyEvaluator"/>.
/// </summary>
public sealed class PolicyDocument
{
    /// <summary>The current policy language version; the only one in which policy variables are substituted.</summary>
    public const string CurrentVersion = "2012-10-17";

    /// <summary>The original version, which IAM assumes when a document has no Version.</summary>
    public const string LegacyVersion = "2008-10-17";

    private readonly string? _givenVersion;
    private readonly bool _statementIsList;
    private readonly IReadOnlyList<string>? _fieldOrder;

    internal PolicyDocument(string? givenVersion, string? id, IReadOnlyList<PolicyStatement> statements, bool statementIsList,
        IReadOnlyList<string>? fieldOrder)
    {
        _givenVersion = givenVersion;
        _statementIsList = statementIsList;
        _fieldOrder = fieldOrder;
        Id = id;
        Statements = statements;
        var variablesEnabled = Version == CurrentVersion;
        Compiled = statements.Select(s => CompiledStatement.Compile(s, variablesEnabled)).ToArray();
    }

    /// <summary>
    /// Parses and validates a policy document.
    /// </summary>
    /// <exception cref="MalformedPolicyException">The document is not one AWS would accept; the message says why.</exception>
    public static PolicyDocument Parse(string json) => PolicyParser.Parse(json);

    /// <summary>
    /// Builds a document from statements (for example to add or replace one PutPermission statement), validated
    /// exactly as <see cref="Parse"/> validates JSON. The statements are written as an array.
    /// </summary>
    /// <exception cref="MalformedPolicyException">The statements do not form a valid policy.</exception>
    public static PolicyDocument Create(IEnumerable<PolicyStatement> statements, string version = CurrentVersion)
    {
        ArgumentNullException.ThrowIfNull(statements);
        string json;
        try
        {
            json = PolicyJsonWriter.Write(version, null, statements.ToArray(), statementIsList: true, fieldOrder: null);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException)
        {
            throw new MalformedPolicyException($"Syntax errors in policy: a value cannot be written as JSON ({ex.Message})", null, ex);
        }
        return Parse(json);
    }

    /// <summary>The policy language version: as given, or <see cref="LegacyVersion"/> when the document has none.</summary>
    public string Version => _givenVersion ?? LegacyVersion;

    /// <summary>The optional top-level <c>Id</c>.</summary>
    public string? Id { get; }

    /// <summary>The statements in document order.</summary>
    public IReadOnlyList<PolicyStatement> Statements { get; }

    internal IReadOnlyList<CompiledStatement> Compiled { get; }

    /// <summary>
    /// Compact JSON with the document's own structure: the fields it had, in its order, single values and arrays
    /// as written. <c>Parse(d.ToJson()).ToJson() == d.ToJson()</c> always holds.
    /// </summary>
    public string ToJson() => PolicyJsonWriter.Write(_givenVersion, Id, Statements, _statementIsList, _fieldOrder);

    public override string ToString() => ToJson();
}
