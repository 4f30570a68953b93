using System.Text;
using System.Text.RegularExpressions;
using Spaces.Docker.Models;

namespace Spaces.Docker.Images;

/// <summary>Follows a build's progress objects: the output, the step running, the image id, and the error if one came.</summary>
internal sealed partial class BuildOutcome
{
    private readonly StringBuilder _output = new();
    private string? _imageId;
    private string? _error;
    private string _partialLine = "";

    /// <summary>The step running as the engine printed it, e.g. <c>Step 3/5 : RUN false</c>.</summary>
    public string? CurrentStep { get; private set; }

    public string Output => _output.ToString();

    public void Observe(BuildProgress item)
    {
        if (item.Stream is { } text)
        {
            _output.Append(text);
            // Lines may be cut across objects: keep the unfinished tail and look at it again when it grows.
            var lines = (_partialLine + text).Split('\n');
            _partialLine = lines[^1].Length <= 8192 ? lines[^1] : "";
            foreach (var line in lines)
            {
                var trimmed = line.TrimEnd('\r');
                if (StepLine().IsMatch(trimmed))
                {
                    CurrentStep = trimmed.Trim();
                }
                else if (_imageId is null && SuccessLine().Match(trimmed) is { Success: true } success)
                {
                    // Older engines send no aux object; "Successfully built <id>" then names the image.
                    _imageId = success.Groups[1].Value;
                }
            }
        }
        if (item.ImageId is { } id)
        {
            _imageId = id;
        }
        if (item.IsError && _error is null)
        {
            _error = item.ErrorMessage;
        }
    }

    /// <summary>The result of a successful build, or the <see cref="DockerBuildException"/> of a failed one.</summary>
    public ImageBuildResult Finish()
    {
        if (_error is not null)
        {
            throw new DockerBuildException(CurrentStep, _error.Trim(), Output);
        }
        if (_imageId is null)
        {
            throw new DockerBuildException(CurrentStep, "the engine ended the build without an image id or an error", Output);
        }
        return new ImageBuildResult(_imageId, Output);
    }

    [GeneratedRegex(@"^Step \d+/\d+ : ")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"^Successfully built ([0-9a-f]{12,64})$")]
    private static partial Regex SuccessLine();
}
