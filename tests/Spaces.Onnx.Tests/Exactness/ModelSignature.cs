using System.Text;

namespace Spaces.Onnx.Tests.Exactness;

/// <summary>The declared type of a graph input or output: a tensor's element type, or a non-tensor kind (sequence, map, optional...).</summary>
internal sealed record ValueSignature(string Name, int ElementType, string? NonTensorKind);

/// <summary>
/// A model's graph inputs (without initializers) and outputs as the ONNX file declares them (ModelProto.graph 7; GraphProto initializer 5,
/// input 11, output 12; ValueInfoProto name 1, type 2; TypeProto tensor_type 1 {elem_type 1}, sequence 4, map 5, sparse 8, optional 9).
/// Read from the file itself so that a case's types are known even when ORT refuses the model.
/// </summary>
internal sealed record ModelSignature(IReadOnlyList<ValueSignature> Inputs, IReadOnlyList<ValueSignature> Outputs)
{
    public static ModelSignature Read(ReadOnlySpan<byte> model)
    {
        var reader = new ProtoReader(model);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 7 && wire == 2)
            {
                return ReadGraph(reader.ReadBytes());
            }

            reader.Skip(wire);
        }

        throw new InvalidDataException("The model has no graph.");
    }

    private static ModelSignature ReadGraph(ReadOnlySpan<byte> graph)
    {
        var reader = new ProtoReader(graph);
        var initializers = new HashSet<string>(StringComparer.Ordinal);
        var inputs = new List<ValueSignature>();
        var outputs = new List<ValueSignature>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field)
            {
                case 5: initializers.Add(InitializerName(reader.ReadBytes())); break;
                case 11: inputs.Add(ReadValueInfo(reader.ReadBytes())); break;
                case 12: outputs.Add(ReadValueInfo(reader.ReadBytes())); break;
                default: reader.Skip(wire); break;
            }
        }

        return new ModelSignature([.. inputs.Where(i => !initializers.Contains(i.Name))], outputs);
    }

    private static string InitializerName(ReadOnlySpan<byte> tensor)
    {
        var reader = new ProtoReader(tensor);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 8)
            {
                return Encoding.UTF8.GetString(reader.ReadBytes());
            }

            reader.Skip(wire);
        }

        return string.Empty;
    }

    private static ValueSignature ReadValueInfo(ReadOnlySpan<byte> valueInfo)
    {
        var reader = new ProtoReader(valueInfo);
        var name = string.Empty;
        var elementType = 0;
        string? kind = "untyped";
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 1)
            {
                name = Encoding.UTF8.GetString(reader.ReadBytes());
            }
            else if (field == 2)
            {
                (elementType, kind) = ReadType(reader.ReadBytes());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return new ValueSignature(name, elementType, kind);
    }

    private static (int ElementType, string? Kind) ReadType(ReadOnlySpan<byte> type)
    {
        var reader = new ProtoReader(type);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field)
            {
                case 1: return (TensorElementTypeOf(reader.ReadBytes()), null);
                case 4: return (0, "sequence");
                case 5: return (0, "map");
                case 8: return (0, "sparse tensor");
                case 9: return (0, "optional");
                default: reader.Skip(wire); break;
            }
        }

        return (0, "untyped");
    }

    private static int TensorElementTypeOf(ReadOnlySpan<byte> tensorType)
    {
        var reader = new ProtoReader(tensorType);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 1)
            {
                return (int)reader.ReadVarint();
            }

            reader.Skip(wire);
        }

        return 0;
    }
}
