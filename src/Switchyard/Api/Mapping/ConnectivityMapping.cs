using Switchyard.Domain;
using Switchyard.Domain.Connections;
using Switchyard.Protocol.Model;

namespace Switchyard.Api.Mapping;

/// <summary>Private connectivity settings between their request shape, the stored record and Describe's shape.</summary>
public static class ConnectivityMapping
{
    public static DescribeConnectionConnectivityParameters? ToWire(ConnectivitySettings? settings) =>
        settings is null
            ? null
            : new DescribeConnectionConnectivityParameters
            {
                ResourceParameters = new DescribeConnectionResourceParameters
                {
                    ResourceConfigurationArn = settings.ResourceConfigurationArn,
                    ResourceAssociationArn = settings.ResourceAssociationArn,
                },
            };

    /// <summary>
    /// Private connectivity is kept as given; the association with the service network that AWS creates for it is
    /// named here so Describe can show it.
    /// </summary>
    public static ConnectivitySettings? FromRequest(ConnectivityResourceParameters? wire, AccountRegion scope)
    {
        var configuration = wire?.ResourceParameters?.ResourceConfigurationArn;
        if (string.IsNullOrEmpty(configuration)) return null;
        var association = $"arn:{Arns.Partition}:vpc-lattice:{scope.Region}:{scope.AccountId}:servicenetworkresourceassociation/snra-{Guid.NewGuid():N}"[..^15];
        return new ConnectivitySettings(configuration, association);
    }
}
