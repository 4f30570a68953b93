using System.Text;

namespace Spaces.Onnx.Tests;

/// <summary>
/// Writes tiny ONNX models (one node) in protobuf wire format, so tests control names, types and symbolic dimensions.
/// Field numbers from onnx.proto: ModelProto ir_version 1, graph 7, opset_import 8; GraphProto node 1, name 2, input 11, output 12;
/// NodeProto input 1, output 2, op_type 4; ValueInfoProto name 1, type 2; TypeProto tensor_type 1 {elem_type 1, shape 2 {dim 1 {dim_value 1, dim_param 2}}}.
/// </summary>
internal static class OnnxModelBuilder
{
    /// <summary>A dimension: a number, or a name for a symbolic one.</summary>
    internal readonly record struct Dim(long Value, string? Name)
    {
        public static implicit operator Dim(long value) => new(value, null);

        public static implicit operator Dim(string name) => new(-1, name);
    }

    internal sealed record Value(string Name, TensorElementType Type, params Dim[] Shape);

    /// <summary>A model with a single node <paramref name="opType"/> from <paramref name="inputs"/> to <paramref name="outputs"/>.</summary>
    public static byte[] SingleNode(string opType, IReadOnlyList<Value> inputs, IReadOnlyList<Value> outputs, int opset = 13)
    {
        var node = new Writer();
        foreach (var input in inputs)
        {
            node.String(1, input.Name);
        }

        foreach (var output in outputs)
        {
            node.String(2, output.Name);
        }

        node.String(4, opType);

        var graph = new Writer();
        graph.Message(1, node);
        graph.String(2, "test");
        foreach (var input in inputs)
        {
            graph.Message(11, ValueInfo(input));
        }

        foreach (var output in outputs)
        {
            graph.Message(12, ValueInfo(output));
        }

        var opsetImport = new Writer();
        opsetImport.String(1, string.Empty);
        opsetImport.Varint(2, (ulong)opset);

        var model = new Writer();
        model.Varint(1, 8);
        model.Message(7, graph);
        model.Message(8, opsetImport);
        return model.ToArray();
    }

    private static Writer ValueInfo(Value value)
    {
        var shape = new Writer();
        foreach (var dim in value.Shape)
        {
            var d = new Writer();
            if (dim.Name is null)
            {
                d.Varint(1, (ulong)dim.Value);
            }
            else
            {
                d.String(2, dim.Name);
            }

            shape.Message(1, d);
        }

        var tensor = new Writer();
        tensor.Varint(1, (ulong)value.Type);
        tensor.Message(2, shape);
        var type = new Writer();
        type.Message(1, tensor);
        var info = new Writer();
        info.String(1, value.Name);
        info.Message(2, type);
        return info;
    }

    private sealed class Writer
    {
        private readonly MemoryStream _stream = new();

        public void Varint(int field, ulong value)
        {
            Raw(((ulong)field << 3) | 0);
            Raw(value);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Message(int field, Writer message) => Bytes(field, message.ToArray());

        public byte[] ToArray() => _stream.ToArray();

        private void Bytes(int field, byte[] bytes)
        {
            Raw(((ulong)field << 3) | 2);
            Raw((ulong)bytes.Length);
            _stream.Write(bytes);
        }

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _stream.WriteByte((byte)value);
        }
    }
}
