namespace Spaces.E2E.Infrastructure;

/// <summary>
/// The shared collection: one platform and one Chromium for every class in it (each class uses its own users and Spaces, so they do not
/// interfere). A class that needs other settings makes its own fixture deriving from <see cref="PlatformFixture"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Platform and Chromium";
}
