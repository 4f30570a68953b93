using System.Formats.Tar;
using Spaces.Docker.Models;
using Spaces.Docker.Tests.Infrastructure;

namespace Spaces.Docker.Tests.Images;

[Collection(DockerCollection.Name)]
public sealed class ImageOperationsTests(DockerFixture docker)
{
    private async Task<string> ImportTinyImageAsync(string repository, string tag, params string[] extraLabels)
    {
        using var rootfs = new MemoryStream();
        await using (var writer = new TarWriter(rootfs, leaveOpen: true))
        {
            var entry = new UstarTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream("hi\n"u8.ToArray()) };
            await writer.WriteEntryAsync(entry);
        }
        rootfs.Position = 0;
        var changes = new List<string> { $"LABEL {DockerFixture.ManagedLabel}=true {DockerFixture.RunLabel}={docker.RunId}" };
        changes.AddRange(extraLabels.Select(l => "LABEL " + l));
        return await docker.Client.Images.ImportAsync(rootfs, new ImageImportParameters
        {
            Repository = repository,
            Tag = tag,
            Message = "imported by a test",
            Changes = changes,
        });
    }

    [Fact]
    public async Task Import_tag_inspect_list_and_remove()
    {
        var repository = "spaces-test/imported";
        var id = await ImportTinyImageAsync(repository, docker.RunId);

        var image = await docker.Client.Images.InspectAsync($"{repository}:{docker.RunId}");
        Assert.Equal(id, image.Id);
        Assert.Equal(docker.RunId, image.Config?.Labels?[DockerFixture.RunLabel]);

        await docker.Client.Images.TagAsync(id, "spaces-test/retagged", docker.RunId);
        Assert.Contains($"spaces-test/retagged:{docker.RunId}", (await docker.Client.Images.InspectAsync(id)).RepoTags ?? []);

        var listed = await docker.Client.Images.ListAsync(new ImagesListParameters { Filters = docker.RunFilter() });
        Assert.Contains(listed, i => i.Id == id);

        var untagged = await docker.Client.Images.RemoveAsync($"spaces-test/retagged:{docker.RunId}");
        Assert.Contains(untagged, r => r.Untagged == $"spaces-test/retagged:{docker.RunId}");
        Assert.True(await docker.Client.Images.ExistsAsync(id));

        var removed = await docker.Client.Images.RemoveAsync(id, force: true);
        Assert.Contains(removed, r => r.Deleted == id);
        Assert.False(await docker.Client.Images.ExistsAsync(id));
    }

    [Fact]
    public async Task Prune_by_label_removes_only_matching_unused_images()
    {
        var doomed = await ImportTinyImageAsync("spaces-test/prune-me", docker.RunId, "spaces.test-case=prune");
        var kept = await ImportTinyImageAsync("spaces-test/keep-me", docker.RunId);

        var filters = docker.RunFilter().Label("spaces.test-case", "prune").Add("dangling", "false");
        var pruned = await docker.Client.Images.PruneAsync(filters);

        Assert.Contains(pruned.ImagesDeleted ?? [], d => d.Deleted == doomed);
        Assert.False(await docker.Client.Images.ExistsAsync(doomed));
        Assert.True(await docker.Client.Images.ExistsAsync(kept));
    }

    [Fact]
    public async Task A_missing_image_is_not_found()
    {
        var error = await Assert.ThrowsAsync<DockerNotFoundException>(
            () => docker.Client.Images.InspectAsync($"spaces-test/missing-{docker.RunId}:nope"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("No such image", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
