using Spaces.Docker.Context;
using Spaces.Docker.Models;
using Spaces.Runtime.Builds;

namespace Spaces.Runtime.Tests.Builds;

/// <summary>What the engine makes of the appended LABEL line: every value exactly as given, with either escape character.</summary>
[Collection(BuildCollection.Name)]
public sealed class DockerfileLabelsEngineTests(BuildFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("# escape=`\n")]
    public async Task The_engine_reads_back_every_label_exactly_as_given(string directives)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [BuildFixture.RunLabel] = fixture.RunId,
            ["spaces.test.quotes"] = "say \"hi\" and 'bye'",
            ["spaces.test.escapes"] = @"C:\path\to\ and `ticks` at the end\",
            ["spaces.test.dollars"] = "$HOME ${PATH} $$ $",
            ["spaces.test.spaces"] = "  a = b  c  ",
            ["spaces.test.unicode"] = "héllo → 世界",
            ["spaces.test.empty"] = "",
        };
        var dockerfile = DockerfileLabels.AppendTo($"{directives}FROM {BuildFixture.BaseImage}\nENV HOME=/home/x PATH=/bin\n", labels)!;
        using var context = await BuildContext.FromFiles([BuildContextFile.Text("Dockerfile", dockerfile)]).ToTarStreamAsync();

        var built = await fixture.Docker.Images.BuildAsync(context, new ImageBuildParameters { NetworkMode = "none" });

        // The base image's own labels stay, ours are added.
        var expected = new Dictionary<string, string>((await fixture.Docker.Images.InspectAsync(BuildFixture.BaseImage)).Config?.Labels ?? []);
        foreach (var (key, value) in labels)
        {
            expected[key] = value;
        }

        var image = await fixture.Docker.Images.InspectAsync(built.ImageId);
        Assert.Equal(
            expected.OrderBy(l => l.Key, StringComparer.Ordinal),
            (image.Config?.Labels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal));
    }
}
