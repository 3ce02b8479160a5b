using Switchyard.Protocol.Auth;

namespace Switchyard.Scheduler.Protocol;

/// <summary>SigV4 for the signing name <c>scheduler</c>: a request signed for <c>events</c> is refused here, as AWS does.</summary>
public sealed class SchedulerAuthenticator(SigV4Authenticator authenticator)
{
    public SigV4Authenticator Authenticator { get; } = authenticator;
}
