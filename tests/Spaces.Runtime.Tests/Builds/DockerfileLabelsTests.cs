using System.Text;
using Spaces.Runtime.Builds;

namespace Spaces.Runtime.Tests.Builds;

/// <summary>The image labels as one LABEL line appended to a Dockerfile: quoting, the escape directive, where it cannot be appended.</summary>
public sealed class DockerfileLabelsTests
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["spaces.space"] = "alice/demo",
        ["spaces.instance"] = "abc123",
    };

    [Fact]
    public void One_line_with_every_label_in_key_order_is_appended_and_the_file_is_otherwise_unchanged()
    {
        const string dockerfile = "FROM base AS build\nRUN make\n\nFROM base\nCOPY --from=build /out /out\n";

        var appended = DockerfileLabels.AppendTo(dockerfile, Labels);

        Assert.Equal(dockerfile + "LABEL \"spaces.instance\"=\"abc123\" \"spaces.space\"=\"alice/demo\"\n", appended);
    }

    [Theory]
    [InlineData("FROM base", "\n")]
    [InlineData("FROM base\r\nRUN true\r\n", "")]
    [InlineData("FROM base\n# a closing comment with a trailing backslash \\", "\n")]
    public void A_file_without_a_final_line_break_gets_one_before_the_label_line(string dockerfile, string separator) =>
        Assert.Equal(
            dockerfile + separator + "LABEL \"spaces.instance\"=\"abc123\" \"spaces.space\"=\"alice/demo\"\n",
            DockerfileLabels.AppendTo(dockerfile, Labels));

    [Fact]
    public void Quotes_backslashes_and_dollars_are_escaped_so_values_are_taken_literally()
    {
        var line = DockerfileLabels.Instruction(new Dictionary<string, string> { ["k"] = "a \"b\" \\c $HOME ${X} =d" });

        Assert.Equal("LABEL \"k\"=\"a \\\"b\\\" \\\\c \\$HOME \\${X} =d\"", line);
    }

    [Fact]
    public void A_file_declaring_the_backtick_escape_gets_its_label_line_escaped_with_backticks()
    {
        const string dockerfile = "# escape=`\nFROM base\nRUN dir c:\\`\n    && echo done\n";

        var appended = DockerfileLabels.AppendTo(dockerfile, new Dictionary<string, string> { ["k"] = "a\\b `c` \"d\" $e" });

        Assert.Equal('`', DockerfileLabels.EscapeOf(dockerfile));
        Assert.Equal(dockerfile + "LABEL \"k\"=\"a\\b ``c`` `\"d`\" `$e\"\n", appended);
    }

    [Theory]
    [InlineData("# syntax=whatever\n#ESCAPE = `\nFROM base\n", '`')]
    [InlineData("\uFEFF# escape=`\nFROM base\n", '`')]
    [InlineData("# escape=\\\nFROM base\n", '\\')]
    [InlineData("\n# escape=`\nFROM base\n", '\\')]
    [InlineData("FROM base\n# escape=`\n", '\\')]
    [InlineData("# a comment\n# escape=`\nFROM base\n", '\\')]
    public void The_escape_directive_counts_only_among_the_leading_directives(string dockerfile, char expected) =>
        Assert.Equal(expected, DockerfileLabels.EscapeOf(dockerfile));

    [Theory]
    [InlineData("FROM base\nRUN echo a \\")]
    [InlineData("FROM base\nRUN echo a \\  \n")]
    [InlineData("FROM base\nRUN echo a \\\n# a comment inside the continuation\n\n")]
    [InlineData("# escape=`\nFROM base\nRUN echo a `\n")]
    public void A_file_ending_inside_a_line_continuation_is_not_appended_to(string dockerfile) =>
        Assert.Null(DockerfileLabels.AppendTo(dockerfile, Labels));

    [Theory]
    [InlineData("k", "line\nbreak")]
    [InlineData("k", "carriage\rreturn")]
    [InlineData("a=b", "v")]
    [InlineData("", "v")]
    public void Labels_a_dockerfile_line_cannot_hold_are_refused(string key, string value) =>
        Assert.Null(DockerfileLabels.Instruction(new Dictionary<string, string> { [key] = value }));

    [Fact]
    public void The_file_in_the_context_keeps_its_bytes_and_a_link_is_replaced_by_a_file_leaving_its_target_alone()
    {
        var directory = Directory.CreateTempSubdirectory("spaces-labels-").FullName;
        try
        {
            var original = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("FROM base\r\nRUN echo héllo")).ToArray();
            Directory.CreateDirectory(Path.Combine(directory, "docker"));
            File.WriteAllBytes(Path.Combine(directory, "docker", "real.Dockerfile"), original);
            File.CreateSymbolicLink(Path.Combine(directory, "docker", "App.Dockerfile"), "real.Dockerfile");

            Assert.True(DockerfileLabels.TryAppendToFile(directory, "docker/App.Dockerfile", Labels));

            var written = File.ReadAllBytes(Path.Combine(directory, "docker", "App.Dockerfile"));
            Assert.Equal(original, written[..original.Length]);
            Assert.Equal("\nLABEL \"spaces.instance\"=\"abc123\" \"spaces.space\"=\"alice/demo\"\n", Encoding.UTF8.GetString(written[original.Length..]));
            Assert.Null(new FileInfo(Path.Combine(directory, "docker", "App.Dockerfile")).LinkTarget);
            Assert.Equal(original, File.ReadAllBytes(Path.Combine(directory, "docker", "real.Dockerfile")));
            Assert.False(DockerfileLabels.TryAppendToFile(directory, "Missing.Dockerfile", Labels));
            Assert.False(DockerfileLabels.TryAppendToFile(directory, "../outside", Labels));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
