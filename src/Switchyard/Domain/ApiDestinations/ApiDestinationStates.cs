using Switchyard.Domain.Connections;

namespace Switchyard.Domain.ApiDestinations;

/// <summary>
/// ApiDestinationState follows the connection: ACTIVE while it is AUTHORIZED, INACTIVE otherwise (AWS answers
/// INACTIVE for a destination whose OAuth connection is still AUTHORIZING; LocalStack snapshot
/// test_api_destinations[auth2]).
/// </summary>
public static class ApiDestinationStates
{
    public const string Active = "ACTIVE";
    public const string Inactive = "INACTIVE";

    public static string Of(Connection? connection) => connection?.IsAuthorized == true ? Active : Inactive;
}
