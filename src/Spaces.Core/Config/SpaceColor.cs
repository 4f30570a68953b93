namespace Spaces.Core.Config;

/// <summary>The colors the Hub allows for <c>colorFrom</c> and <c>colorTo</c> (the Space card's gradient), written in lower case.</summary>
public enum SpaceColor
{
    /// <summary><c>red</c>.</summary>
    Red,

    /// <summary><c>yellow</c>.</summary>
    Yellow,

    /// <summary><c>green</c>.</summary>
    Green,

    /// <summary><c>blue</c>.</summary>
    Blue,

    /// <summary><c>indigo</c>.</summary>
    Indigo,

    /// <summary><c>purple</c>.</summary>
    Purple,

    /// <summary><c>pink</c>.</summary>
    Pink,

    /// <summary><c>gray</c>.</summary>
    Gray,
}
