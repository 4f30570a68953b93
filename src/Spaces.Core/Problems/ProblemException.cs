namespace Spaces.Core.Problems;

/// <summary>What kind of "no" an operation answered; the HTTP layer turns each into its status code.</summary>
public enum ProblemKind
{
    /// <summary>The input is wrong (400).</summary>
    Invalid,

    /// <summary>Not logged in or the credentials are wrong (401).</summary>
    Unauthorized,

    /// <summary>Known but not allowed (403) — only where revealing existence is fine; private things answer NotFound.</summary>
    Forbidden,

    /// <summary>Does not exist, or is private to someone else (404).</summary>
    NotFound,

    /// <summary>Clashes with what exists, e.g. a taken name (409).</summary>
    Conflict,

    /// <summary>The state moved since the caller read it, e.g. a stale parent commit (412).</summary>
    PreconditionFailed,

    /// <summary>Too big or too many (413).</summary>
    TooLarge,
}

/// <summary>An expected refusal with a message meant for the person who asked; nothing was changed.</summary>
public sealed class ProblemException(ProblemKind kind, string message, string? field = null) : Exception(message)
{
    /// <summary>What kind of refusal.</summary>
    public ProblemKind Kind { get; } = kind;

    /// <summary>The input field at fault, when one is.</summary>
    public string? Field { get; } = field;

    /// <summary>400 naming the field.</summary>
    public static ProblemException Invalid(string field, string message) => new(ProblemKind.Invalid, message, field);

    /// <summary>404.</summary>
    public static ProblemException NotFound(string message) => new(ProblemKind.NotFound, message);

    /// <summary>409.</summary>
    public static ProblemException Conflict(string message, string? field = null) => new(ProblemKind.Conflict, message, field);

    /// <summary>403.</summary>
    public static ProblemException Forbidden(string message) => new(ProblemKind.Forbidden, message);
}
