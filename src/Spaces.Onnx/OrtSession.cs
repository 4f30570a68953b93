using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Spaces.Onnx.Native;

namespace Spaces.Onnx;

/// <summary>
/// A loaded model. <see cref="Run(IReadOnlyDictionary{string, Tensor}, IReadOnlyList{string}?)"/> may be called from many threads at once
/// (ORT's sessions are thread-safe for Run); disposing waits for runs in progress before the native session is released.
/// </summary>
public sealed unsafe class OrtSession : IDisposable
{
    private readonly OrtRuntime _runtime;
    private readonly OrtApi _api;
    private readonly OrtSessionHandle _handle;
    private readonly Dictionary<string, nint> _inputNames;
    private readonly Dictionary<string, nint> _outputNames;
    private readonly string[] _allOutputNames;
    private readonly List<byte[]> _nameStorage = [];
    private int _disposed;

    internal OrtSession(OrtRuntime runtime, OrtSessionHandle handle)
    {
        _runtime = runtime;
        _api = runtime.Api;
        _handle = handle;
        try
        {
            Inputs = ReadMetadata(input: true);
            Outputs = ReadMetadata(input: false);
        }
        catch
        {
            Dispose();
            throw;
        }

        _inputNames = Inputs.ToDictionary(m => m.Name, m => NativeString(m.Name), StringComparer.Ordinal);
        _outputNames = Outputs.ToDictionary(m => m.Name, m => NativeString(m.Name), StringComparer.Ordinal);
        _allOutputNames = [.. Outputs.Select(m => m.Name)];
    }

    /// <summary>The model's inputs, in the model's order.</summary>
    public IReadOnlyList<TensorMetadata> Inputs { get; }

    /// <summary>The model's outputs, in the model's order.</summary>
    public IReadOnlyList<TensorMetadata> Outputs { get; }

    /// <summary>Runs the model. Thread-safe.</summary>
    /// <param name="inputs">Tensors by input name (the model's inputs without defaults must all be given).</param>
    /// <param name="outputNames">Outputs to compute; default <c>null</c>: all, in the model's order.</param>
    /// <returns>The requested outputs by name, as managed tensors (copied out of ORT's memory).</returns>
    /// <exception cref="OnnxException">ORT refused the inputs (unknown name, wrong type or shape: <see cref="OrtErrorCode.InvalidArgument"/>) or failed.</exception>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames = null) =>
        Run(inputs, outputNames, CancellationToken.None);

    /// <summary>Runs the model; cancelling <paramref name="cancellationToken"/> asks ORT to stop (it then throws <see cref="OperationCanceledException"/>).</summary>
    public IReadOnlyDictionary<string, Tensor> Run(
        IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        cancellationToken.ThrowIfCancellationRequested();
        var outputs = outputNames ?? _allOutputNames;
        if (outputs.Count == 0)
        {
            throw new ArgumentException("At least one output must be requested.", nameof(outputNames));
        }

        var inputCount = inputs.Count;
        var inputNamePointers = new nint[inputCount];
        var inputValues = new nint[inputCount];
        var inputHandles = new OrtValueHandle?[inputCount];
        var pins = new GCHandle[inputCount];
        var outputNamePointers = new nint[outputs.Count];
        var outputValues = new nint[outputs.Count];
        List<byte[]>? temporaries = null;
        var sessionAdded = false;
        try
        {
            _handle.DangerousAddRef(ref sessionAdded);
            var index = 0;
            foreach (var (name, tensor) in inputs)
            {
                ArgumentNullException.ThrowIfNull(tensor, name);
                inputNamePointers[index] = _inputNames.TryGetValue(name, out var known) ? known : Temporary(name, ref temporaries);
                inputHandles[index] = CreateValue(tensor, ref pins[index], ref temporaries);
                inputValues[index] = inputHandles[index]!.DangerousGetHandle();
                index++;
            }

            for (var i = 0; i < outputs.Count; i++)
            {
                var name = outputs[i] ?? throw new ArgumentException("An output name is null.", nameof(outputNames));
                outputNamePointers[i] = _outputNames.TryGetValue(name, out var known) ? known : Temporary(name, ref temporaries);
            }

            RunNative(inputNamePointers, inputValues, outputNamePointers, outputValues, cancellationToken);
            return ReadOutputs(outputs, outputValues);
        }
        finally
        {
            foreach (var value in outputValues)
            {
                if (value != 0)
                {
                    _api.ReleaseValue(value);
                }
            }

            foreach (var value in inputHandles)
            {
                value?.Dispose();
            }

            foreach (var pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }

            if (sessionAdded)
            {
                _handle.DangerousRelease();
            }

            GC.KeepAlive(temporaries);
        }
    }

    /// <summary>Releases the native session (after runs in progress end) and this session's hold on the ORT environment.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _handle.Dispose();
        _runtime.Env.DangerousRelease();
    }

    private void RunNative(nint[] inputNames, nint[] inputValues, nint[] outputNames, nint[] outputValues, CancellationToken cancellationToken)
    {
        fixed (nint* inNames = inputNames, inValues = inputValues, outNames = outputNames, outValues = outputValues)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                _api.Check(_api.Run(_handle.DangerousGetHandle(), 0, inNames, inValues, (nuint)inputNames.Length,
                    outNames, (nuint)outputNames.Length, outValues));
                return;
            }

            nint runOptions;
            _api.Check(_api.CreateRunOptions(&runOptions));
            using var runOptionsHandle = new OrtRunOptionsHandle(_api, runOptions);
            using (cancellationToken.Register(static state => Terminate((OrtRunOptionsHandle)state!), runOptionsHandle))
            {
                var status = _api.Run(_handle.DangerousGetHandle(), runOptions, inNames, inValues, (nuint)inputNames.Length,
                    outNames, (nuint)outputNames.Length, outValues);
                if (status != 0)
                {
                    var error = _api.ToException(status);
                    cancellationToken.ThrowIfCancellationRequested();
                    throw error;
                }
            }
        }
    }

    private static void Terminate(OrtRunOptionsHandle runOptions)
    {
        var added = false;
        try
        {
            runOptions.DangerousAddRef(ref added);
            var api = runOptions.Api;
            api.Check(api.RunOptionsSetTerminate(runOptions.DangerousGetHandle()));
        }
        catch (ObjectDisposedException)
        {
            // The run already ended.
        }
        finally
        {
            if (added)
            {
                runOptions.DangerousRelease();
            }
        }
    }

    private OrtValueHandle CreateValue(Tensor tensor, ref GCHandle pin, ref List<byte[]>? temporaries)
    {
        var shape = tensor.ShapeArray;
        nint value;
        fixed (long* dims = shape)
        {
            if (tensor.ElementType == TensorElementType.String)
            {
                _api.Check(_api.CreateTensorAsOrtValue(_runtime.Allocator, dims, (nuint)shape.Length, TensorElementType.String, &value));
                var handle = new OrtValueHandle(_api, value);
                FillStrings(value, (string[])tensor.Data, ref temporaries);
                return handle;
            }

            pin = GCHandle.Alloc(tensor.Data, GCHandleType.Pinned);
            var bytes = (nuint)(tensor.Data.LongLength * TensorElementTypes.SizeOf(tensor.ElementType));
            var memory = _runtime.CpuMemory.DangerousGetHandle();
            _api.Check(_api.CreateTensorWithDataAsOrtValue(memory, (void*)pin.AddrOfPinnedObject(), bytes, dims, (nuint)shape.Length,
                tensor.ElementType, &value));
            return new OrtValueHandle(_api, value);
        }
    }

    private void FillStrings(nint value, string[] strings, ref List<byte[]>? temporaries)
    {
        var pointers = new nint[strings.Length];
        for (var i = 0; i < strings.Length; i++)
        {
            pointers[i] = Temporary(strings[i], ref temporaries);
        }

        fixed (nint* p = pointers)
        {
            _api.Check(_api.FillStringTensor(value, (byte**)p, (nuint)strings.Length));
        }
    }

    private Dictionary<string, Tensor> ReadOutputs(IReadOnlyList<string> names, nint[] values)
    {
        var result = new Dictionary<string, Tensor>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            result[names[i]] = OrtValues.ToTensor(_api, values[i], names[i]);
        }

        return result;
    }

    private IReadOnlyList<TensorMetadata> ReadMetadata(bool input)
    {
        var session = _handle.DangerousGetHandle();
        nuint count;
        _api.Check(input ? _api.SessionGetInputCount(session, &count) : _api.SessionGetOutputCount(session, &count));
        var result = new TensorMetadata[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* rawName;
            _api.Check(input
                ? _api.SessionGetInputName(session, i, _runtime.Allocator, &rawName)
                : _api.SessionGetOutputName(session, i, _runtime.Allocator, &rawName));
            string name;
            try
            {
                name = Marshal.PtrToStringUTF8((nint)rawName) ?? string.Empty;
            }
            finally
            {
                _api.Check(_api.AllocatorFree(_runtime.Allocator, rawName));
            }

            nint typeInfo;
            _api.Check(input ? _api.SessionGetInputTypeInfo(session, i, &typeInfo) : _api.SessionGetOutputTypeInfo(session, i, &typeInfo));
            using var typeInfoHandle = new OrtTypeInfoHandle(_api, typeInfo);
            result[(int)i] = OrtValues.ReadTypeInfo(_api, name, typeInfo);
        }

        return result;
    }

    /// <summary>A NUL-terminated UTF-8 copy of a name, kept for the session's lifetime.</summary>
    private nint NativeString(string value)
    {
        var bytes = PinnedUtf8(value);
        _nameStorage.Add(bytes);
        return AddressOf(bytes);
    }

    /// <summary>A NUL-terminated UTF-8 copy kept alive by <paramref name="temporaries"/> for one run.</summary>
    private static nint Temporary(string value, ref List<byte[]>? temporaries)
    {
        var bytes = PinnedUtf8(value);
        (temporaries ??= []).Add(bytes);
        return AddressOf(bytes);
    }

    /// <summary>On the pinned object heap, so the address stays valid while the array is referenced.</summary>
    private static byte[] PinnedUtf8(string value)
    {
        var bytes = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(value) + 1, pinned: true);
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    private static nint AddressOf(byte[] pinned) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
}
