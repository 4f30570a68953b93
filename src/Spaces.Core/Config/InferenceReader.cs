using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Spaces.Core.Config;

/// <summary>Reads a model card's <c>inference</c> section (see <see cref="ModelInference"/>).</summary>
internal static partial class InferenceReader
{
    private const string Key = "inference";
    private const int MaxImageSide = 16_384;

    private static readonly Dictionary<string, TensorDataType> _dataTypes = new(StringComparer.Ordinal)
    {
        ["float32"] = TensorDataType.Float32,
        ["float"] = TensorDataType.Float32,
        ["float16"] = TensorDataType.Float16,
        ["bfloat16"] = TensorDataType.BFloat16,
        ["float64"] = TensorDataType.Float64,
        ["double"] = TensorDataType.Float64,
        ["int8"] = TensorDataType.Int8,
        ["int16"] = TensorDataType.Int16,
        ["int32"] = TensorDataType.Int32,
        ["int64"] = TensorDataType.Int64,
        ["uint8"] = TensorDataType.UInt8,
        ["uint16"] = TensorDataType.UInt16,
        ["uint32"] = TensorDataType.UInt32,
        ["uint64"] = TensorDataType.UInt64,
        ["bool"] = TensorDataType.Bool,
        ["string"] = TensorDataType.String,
    };

    private static readonly Dictionary<string, ChannelOrder> _channelOrders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RGB"] = ChannelOrder.Rgb,
        ["BGR"] = ChannelOrder.Bgr,
        ["GRAY"] = ChannelOrder.Gray,
    };

    /// <summary>The section of <paramref name="card"/>, or null when absent or wrong (the reason is then reported).</summary>
    public static ModelInference? Read(FrontMatterReader card)
    {
        var node = card.Take(Key);
        if (node is null)
        {
            return null;
        }

        if (YamlScalars.TryGetBoolean(node, out var enabled))
        {
            return new ModelInference { Enabled = enabled };
        }

        if (node is not YamlMappingNode mapping)
        {
            card.Error(Key, node, $"expected true, false or a mapping with inputs, outputs and preprocessing, got {YamlScalars.Describe(node)}");
            return null;
        }

        var reader = new FrontMatterReader(mapping, card.Errors, Key);
        return new ModelInference
        {
            Inputs = Tensors(reader, "inputs"),
            Outputs = Tensors(reader, "outputs"),
            Preprocessing = Preprocessing(reader),
            Extra = reader.Remaining(),
        };
    }

    private static IReadOnlyList<TensorSpec> Tensors(FrontMatterReader section, string key)
    {
        var node = section.Take(key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            section.Error(key, node, $"expected a list of {{name, shape, datatype}} entries, got {YamlScalars.Describe(node)}");
            return [];
        }

        var tensors = new List<TensorSpec>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var path = $"{section.PathOf(key)}[{index}]";
            var item = sequence.Children[index];
            if (item is not YamlMappingNode entry)
            {
                section.Errors.Report(path, item, $"expected a mapping with name, shape and datatype, got {YamlScalars.Describe(item)}");
                continue;
            }

            var tensor = Tensor(new FrontMatterReader(entry, section.Errors, path), entry);
            if (tensor is null)
            {
                continue;
            }

            if (seen.TryGetValue(tensor.Name, out var first))
            {
                section.Errors.Report($"{path}.name", entry, $"'{tensor.Name}' is already the name of {key}[{first}]");
                continue;
            }

            seen[tensor.Name] = index;
            tensors.Add(tensor);
        }

        return tensors.AsReadOnly();
    }

    private static TensorSpec? Tensor(FrontMatterReader reader, YamlMappingNode entry)
    {
        var before = reader.Errors.Count;
        var name = reader.String("name");
        if (name is null && reader.Errors.Count == before)
        {
            reader.Error("name", entry, "missing; every input and output needs the name it has in the model");
        }

        var shape = Shape(reader);
        var dataType = DataType(reader);
        var extra = reader.Remaining();
        return name is null || reader.Errors.Count > before
            ? null
            : new TensorSpec { Name = name, Shape = shape, DataType = dataType, Extra = extra };
    }

    private static IReadOnlyList<TensorDimension>? Shape(FrontMatterReader reader)
    {
        var node = reader.Take("shape");
        if (node is null)
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            reader.Error("shape", node, $"expected a list of sizes and symbolic names such as [N, 3, 224, 224], got {YamlScalars.Describe(node)}");
            return null;
        }

        var dimensions = new List<TensorDimension>(sequence.Children.Count);
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var item = sequence.Children[index];
            if (YamlScalars.TryGetInteger(item, out var size) && size >= 1)
            {
                dimensions.Add(TensorDimension.Fixed(size));
            }
            else if (item is YamlScalarNode { Value: { } symbol } && !YamlScalars.TryGetInteger(item, out _) && SymbolPattern().IsMatch(symbol))
            {
                dimensions.Add(TensorDimension.Named(symbol));
            }
            else
            {
                reader.Errors.Report(
                    $"{reader.PathOf("shape")}[{index}]",
                    item,
                    $"expected a positive integer or a symbolic name such as N, got {YamlScalars.Describe(item)}");
            }
        }

        return dimensions.AsReadOnly();
    }

    private static TensorDataType DataType(FrontMatterReader reader)
    {
        var node = reader.Take("datatype");
        var value = reader.String("datatype");
        if (value is null)
        {
            return TensorDataType.Float32;
        }

        if (_dataTypes.TryGetValue(value, out var dataType))
        {
            return dataType;
        }

        var names = string.Join(", ", _dataTypes.Keys.Where(name => name is not ("float" or "double")));
        reader.Error("datatype", node, $"expected one of {names}, got '{ConfigRules.Shorten(value)}'");
        return TensorDataType.Float32;
    }

    private static InferencePreprocessing? Preprocessing(FrontMatterReader section)
    {
        var mapping = section.Mapping("preprocessing");
        if (mapping is null)
        {
            return null;
        }

        var reader = new FrontMatterReader(mapping, section.Errors, section.PathOf("preprocessing"));
        var resizeHeight = reader.Int("resize_height", 1, MaxImageSide);
        var resizeWidth = reader.Int("resize_width", 1, MaxImageSide);
        var scale = Number(reader, "scale");
        var mean = Numbers(reader, "mean", mustBePositive: false);
        var stdNode = reader.Take("std");
        var std = Numbers(reader, "std", mustBePositive: true);
        if (mean.Count > 0 && std.Count > 0 && mean.Count != std.Count)
        {
            reader.Error("std", stdNode, $"expected as many values as mean ({mean.Count}), got {std.Count}");
        }

        return new InferencePreprocessing
        {
            ResizeHeight = resizeHeight,
            ResizeWidth = resizeWidth,
            Scale = scale,
            Mean = mean,
            Std = std,
            ChannelOrder = Channels(reader),
            Extra = reader.Remaining(),
        };
    }

    private static double? Number(FrontMatterReader reader, string key)
    {
        var node = reader.Take(key);
        if (node is null)
        {
            return null;
        }

        if (YamlScalars.TryGetNumber(node, out var value) && value > 0)
        {
            return value;
        }

        reader.Error(key, node, $"expected a number greater than zero, got {YamlScalars.Describe(node)}");
        return null;
    }

    private static IReadOnlyList<double> Numbers(FrontMatterReader reader, string key, bool mustBePositive)
    {
        var node = reader.Take(key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(key, node, $"expected a list of numbers, one per channel, got {YamlScalars.Describe(node)}");
            return [];
        }

        var values = new List<double>(sequence.Children.Count);
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var item = sequence.Children[index];
            if (YamlScalars.TryGetNumber(item, out var value) && (!mustBePositive || value > 0))
            {
                values.Add(value);
                continue;
            }

            var expected = mustBePositive ? "a number greater than zero" : "a number";
            reader.Errors.Report($"{reader.PathOf(key)}[{index}]", item, $"expected {expected}, got {YamlScalars.Describe(item)}");
        }

        return values.AsReadOnly();
    }

    private static ChannelOrder? Channels(FrontMatterReader reader)
    {
        var node = reader.Take("channel_order");
        var value = reader.String("channel_order");
        if (value is null)
        {
            return null;
        }

        if (_channelOrders.TryGetValue(value, out var order))
        {
            return order;
        }

        reader.Error("channel_order", node, $"expected one of RGB, BGR, GRAY, got '{ConfigRules.Shorten(value)}'");
        return null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SymbolPattern();
}
