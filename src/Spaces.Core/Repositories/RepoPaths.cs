namespace Spaces.Core.Repositories;

/// <summary>Checks and normalises file paths inside a repository: relative, '/'-separated, no '..', no '.git'.</summary>
public static class RepoPaths
{
    /// <summary>Longest path accepted, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>Returns the normalised path or throws <see cref="InvalidRepoPathException"/> naming what is wrong.</summary>
    public static string Normalize(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidRepoPathException(path ?? "", "the path is empty");
        }

        if (path.Length > MaxLength)
        {
            throw new InvalidRepoPathException(path, $"the path is longer than {MaxLength} characters");
        }

        if (path.StartsWith('/') || path.Contains('\\') || (path.Length > 1 && path[1] == ':'))
        {
            throw new InvalidRepoPathException(path, "absolute paths and backslashes are not allowed");
        }

        if (path.Any(char.IsControl))
        {
            throw new InvalidRepoPathException(path, "control characters are not allowed");
        }

        var segments = path.Split('/');
        // A trailing slash names a folder; drop the empty last segment only.
        if (segments.Length > 1 && segments[^1].Length == 0)
        {
            segments = segments[..^1];
        }

        foreach (var segment in segments)
        {
            switch (segment)
            {
                case "":
                    throw new InvalidRepoPathException(path, "empty path segments ('//') are not allowed");
                case "." or "..":
                    throw new InvalidRepoPathException(path, $"'{segment}' segments are not allowed");
                default:
                    if (segment.Equals(".git", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new InvalidRepoPathException(path, "'.git' cannot be written");
                    }

                    break;
            }
        }

        return string.Join('/', segments);
    }
}

/// <summary>A file path that cannot be used inside a repository.</summary>
public sealed class InvalidRepoPathException(string path, string reason)
    : ArgumentException($"Invalid path '{path}': {reason}.")
{
    /// <summary>The path as given.</summary>
    public string RepoPath { get; } = path;

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; } = reason;
}
