namespace Switchyard.Patterns;

/// <summary>
/// The outcome of <see cref="PatternExplainer.Explain"/>. When <see cref="Matched"/> is false, <see cref="FailedPath"/>
/// is the dotted field path that stopped the match (for example "detail.state") and <see cref="Reason"/> says why
/// (for example <c>value "stopped" is not one of ["running"]</c> or <c>field is missing</c>).
/// </summary>
public sealed record PatternExplanation(bool Matched, string? FailedPath, string? Reason);
