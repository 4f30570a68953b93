namespace Spaces.Web.Tests.Gateway;

/// <summary>The gateway test classes share one platform and its Spaces (built once).</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "Gateway";
}
