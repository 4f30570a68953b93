namespace Spaces.Docker.Tests.Infrastructure;

/// <summary>All tests that use the real engine share one fixture and run one after another (2 cores: no parallel heavy work).</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "docker";
}
