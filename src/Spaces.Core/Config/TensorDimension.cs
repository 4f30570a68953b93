namespace Spaces.Core.Config;

/// <summary>One axis of a <see cref="TensorSpec.Shape"/>: a fixed size (<c>3</c>) or a symbolic name (<c>N</c>, <c>batch</c>) that varies.</summary>
public readonly record struct TensorDimension
{
    private TensorDimension(long? size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The fixed size, 1 or more; null for a symbolic dimension.</summary>
    public long? Size { get; }

    /// <summary>The symbolic name; null for a fixed dimension.</summary>
    public string? Symbol { get; }

    /// <summary>True when the size varies (<see cref="Symbol"/> is set).</summary>
    public bool IsSymbolic => Symbol is not null;

    /// <summary>A dimension of fixed <paramref name="size"/>.</summary>
    public static TensorDimension Fixed(long size) => new(size, null);

    /// <summary>A dimension whose size varies, named <paramref name="symbol"/>.</summary>
    public static TensorDimension Named(string symbol) => new(null, symbol);

    /// <summary>The size or the name, as written in the card.</summary>
    public override string ToString() => Symbol ?? Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
