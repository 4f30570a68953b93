using System.Runtime.InteropServices;
using System.Text;

namespace Spaces.Onnx.Native;

/// <summary>Reads ORT's type information and output values into managed metadata and tensors.</summary>
internal static unsafe class OrtValues
{
    private const int OnnxTypeTensor = 1;

    /// <summary>Metadata of one input or output from its <c>OrtTypeInfo</c> (which the caller releases).</summary>
    public static TensorMetadata ReadTypeInfo(OrtApi api, string name, nint typeInfo)
    {
        int onnxType;
        api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType));
        if (onnxType != OnnxTypeTensor)
        {
            return new TensorMetadata(name, TensorElementType.Undefined, [], []);
        }

        nint info; // owned by typeInfo: not released here
        api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &info));
        TensorElementType type;
        api.Check(api.GetTensorElementType(info, &type));
        var shape = ReadShape(api, info);
        var symbols = new byte*[shape.Length];
        var symbolic = new string?[shape.Length];
        if (shape.Length > 0)
        {
            fixed (byte** p = symbols)
            {
                api.Check(api.GetSymbolicDimensions(info, p, (nuint)shape.Length));
            }

            for (var d = 0; d < shape.Length; d++)
            {
                var symbol = symbols[d] is null ? null : Marshal.PtrToStringUTF8((nint)symbols[d]);
                symbolic[d] = string.IsNullOrEmpty(symbol) ? null : symbol;
            }
        }

        return new TensorMetadata(name, type, shape, symbolic);
    }

    /// <summary>Copies an output value into a managed tensor (the caller releases the value).</summary>
    public static Tensor ToTensor(OrtApi api, nint value, string name)
    {
        int onnxType;
        api.Check(api.GetValueType(value, &onnxType));
        if (onnxType != OnnxTypeTensor)
        {
            throw new OnnxException(OrtErrorCode.NotImplemented,
                $"Output '{name}' is not a tensor (ONNX type {onnxType}); only tensor outputs are supported.");
        }

        nint info;
        api.Check(api.GetTensorTypeAndShape(value, &info));
        TensorElementType type;
        long[] shape;
        using (new OrtTensorInfoHandle(api, info))
        {
            api.Check(api.GetTensorElementType(info, &type));
            shape = ReadShape(api, info);
        }

        long count = 1;
        foreach (var dim in shape)
        {
            count = checked(count * dim);
        }

        if (type == TensorElementType.String)
        {
            return Tensor.FromOwned(type, ReadStrings(api, value, checked((int)count)), shape);
        }

        if (TensorElementTypes.SizeOf(type) == 0)
        {
            throw new OnnxException(OrtErrorCode.NotImplemented, $"Output '{name}' has {type} elements, which this binding does not support.");
        }

        var array = TensorElementTypes.NewArray(type, checked((int)count));
        if (count > 0)
        {
            void* data;
            api.Check(api.GetTensorMutableData(value, &data));
            var target = TensorElementTypes.Bytes(array);
            new ReadOnlySpan<byte>(data, target.Length).CopyTo(target);
        }

        return Tensor.FromOwned(type, array, shape);
    }

    private static long[] ReadShape(OrtApi api, nint info)
    {
        nuint rank;
        api.Check(api.GetDimensionsCount(info, &rank));
        var shape = new long[(int)rank];
        if (rank > 0)
        {
            fixed (long* p = shape)
            {
                api.Check(api.GetDimensions(info, p, rank));
            }
        }

        return shape;
    }

    private static string[] ReadStrings(OrtApi api, nint value, int count)
    {
        var result = new string[count];
        if (count == 0)
        {
            return result;
        }

        nuint length;
        api.Check(api.GetStringTensorDataLength(value, &length));
        var bytes = new byte[(int)length];
        var offsets = new nuint[count];
        fixed (byte* b = bytes)
        fixed (nuint* o = offsets)
        {
            api.Check(api.GetStringTensorContent(value, b, length, o, (nuint)count));
        }

        for (var i = 0; i < count; i++)
        {
            var start = (int)offsets[i];
            var end = i + 1 < count ? (int)offsets[i + 1] : bytes.Length;
            result[i] = Encoding.UTF8.GetString(bytes, start, end - start);
        }

        return result;
    }
}
