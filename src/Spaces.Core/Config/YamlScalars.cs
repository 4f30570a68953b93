using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Spaces.Core.Config;

/// <summary>
/// Reads YAML scalars with the YAML 1.2 core schema: only plain (unquoted) scalars are numbers, booleans or null;
/// quoted scalars are always strings, so <c>app_port: "8080"</c> is a string and reported as such.
/// </summary>
internal static partial class YamlScalars
{
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>True for a missing value: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar && IsPlain(scalar) && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>True for an unquoted scalar without an explicit <c>!!str</c> tag.</summary>
    public static bool IsPlain(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && !(scalar.Tag.IsGlobal && scalar.Tag.Value == StringTag);

    /// <summary>An integer written as plain decimal digits with an optional sign.</summary>
    public static bool TryGetInteger(YamlNode node, out long value)
    {
        value = 0;
        return node is YamlScalarNode scalar && IsPlain(scalar) && scalar.Value is { } text && IntegerPattern().IsMatch(text)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A finite number written as a plain integer or decimal (exponent allowed).</summary>
    public static bool TryGetNumber(YamlNode node, out double value)
    {
        value = 0;
        return node is YamlScalarNode scalar && IsPlain(scalar) && scalar.Value is { } text && FloatPattern().IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>A plain <c>true</c> or <c>false</c> (also capitalised or upper case, as YAML 1.2 allows).</summary>
    public static bool TryGetBoolean(YamlNode node, out bool value)
    {
        value = false;
        if (node is not YamlScalarNode scalar || !IsPlain(scalar))
        {
            return false;
        }

        switch (scalar.Value)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                return true;
            default:
                return false;
        }
    }

    /// <summary>How a node is shown in an error: <c>'abc'</c>, <c>the string "8080"</c>, <c>a list</c>, <c>a mapping</c>.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar when IsNull(scalar) => "nothing",
        YamlScalarNode scalar when IsPlain(scalar) => $"'{ConfigRules.Shorten(scalar.Value ?? "")}'",
        YamlScalarNode scalar => $"the string \"{ConfigRules.Shorten(scalar.Value ?? "")}\"",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an unsupported value",
    };

    /// <summary>The value as a plain CLR value: null, bool, long, double or string (what the core schema makes of it).</summary>
    public static object? ToValue(YamlScalarNode scalar)
    {
        if (IsNull(scalar))
        {
            return null;
        }

        if (TryGetBoolean(scalar, out var boolean))
        {
            return boolean;
        }

        if (TryGetInteger(scalar, out var integer))
        {
            return integer;
        }

        if (TryGetNumber(scalar, out var number))
        {
            return number;
        }

        return scalar.Value ?? "";
    }

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
