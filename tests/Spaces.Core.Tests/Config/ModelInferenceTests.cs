using Spaces.Core.Config;

namespace Spaces.Core.Tests.Config;

public sealed class ModelInferenceTests
{
    // The PP-OCRv4 text-line recognizer the platform demos (DESIGN.md, "Real models").
    private const string OcrCard = """
        ---
        license: apache-2.0
        library_name: onnx
        pipeline_tag: image-to-text
        tags: [ocr, paddleocr, onnx]
        inference:
          inputs:
            - name: x
              shape: [N, 3, 48, W]
              datatype: float32
          outputs:
            - name: softmax_0.tmp_0
              shape: [N, T, 6625]
              description: CTC scores over ppocr_keys_v1.txt
          preprocessing:
            resize_height: 48
            scale: 0.00392156862745098
            mean: [0.5, 0.5, 0.5]
            std: [0.5, 0.5, 0.5]
            channel_order: BGR
            alphabet: assets/ppocr_keys_v1.txt
          decode: ctc-greedy
        ---
        # PP-OCRv4 recognizer
        """;

    // Silero VAD v5: a scalar input and a symbolic batch dimension shared by several inputs.
    private const string VadCard = """
        ---
        library_name: onnx
        pipeline_tag: voice-activity-detection
        license: mit
        inference:
          inputs:
            - {name: input, shape: [N, S], datatype: float32}
            - {name: state, shape: [2, N, 128], datatype: float32}
            - {name: sr, shape: [], datatype: int64}
          outputs:
            - {name: output, shape: [N, 1]}
            - {name: stateN, shape: [2, N, 128]}
          preprocessing:
            sample_rate: 16000
            chunk_samples: 512
        ---
        """;

    private static ModelInference Inference(params string[] lines)
    {
        var result = ModelCard.Parse(Readme.With(["inference:", .. lines.Select(line => "  " + line)]));
        Assert.True(result.IsSuccess, result.ErrorMessage);
        return Assert.IsType<ModelInference>(result.Card.Inference);
    }

    private static IReadOnlyList<ConfigError> Errors(params string[] lines)
    {
        var result = ModelCard.Parse(Readme.With(["inference:", .. lines.Select(line => "  " + line)]));
        Assert.False(result.IsSuccess);
        return result.Errors;
    }

    [Fact]
    public void Ocr_card_with_inputs_outputs_and_preprocessing()
    {
        var result = ModelCard.Parse(OcrCard);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var inference = Assert.IsType<ModelInference>(result.Card.Inference);
        Assert.True(inference.Enabled);

        var input = Assert.Single(inference.Inputs);
        Assert.Equal("x", input.Name);
        Assert.Equal(TensorDataType.Float32, input.DataType);
        Assert.Equal([TensorDimension.Named("N"), TensorDimension.Fixed(3), TensorDimension.Fixed(48), TensorDimension.Named("W")], input.Shape);
        Assert.Equal("N,3,48,W", string.Join(',', input.Shape!));

        var output = Assert.Single(inference.Outputs);
        Assert.Equal("softmax_0.tmp_0", output.Name);
        Assert.Equal(TensorDataType.Float32, output.DataType);
        Assert.Equal(6625, output.Shape![2].Size);
        Assert.True(output.Shape[1].IsSymbolic);
        Assert.Equal("CTC scores over ppocr_keys_v1.txt", output.Extra["description"]);

        var preprocessing = Assert.IsType<InferencePreprocessing>(inference.Preprocessing);
        Assert.Equal(48, preprocessing.ResizeHeight);
        Assert.Null(preprocessing.ResizeWidth);
        Assert.Equal(1 / 255.0, preprocessing.Scale!.Value, 12);
        Assert.Equal([0.5, 0.5, 0.5], preprocessing.Mean);
        Assert.Equal([0.5, 0.5, 0.5], preprocessing.Std);
        Assert.Equal(ChannelOrder.Bgr, preprocessing.ChannelOrder);
        Assert.Equal("assets/ppocr_keys_v1.txt", preprocessing.Extra["alphabet"]);

        Assert.Equal("ctc-greedy", inference.Extra["decode"]);
        Assert.Equal("# PP-OCRv4 recognizer", result.Body);
    }

    [Fact]
    public void Vad_card_with_a_scalar_input()
    {
        var result = ModelCard.Parse(VadCard);

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var inference = result.Card.Inference!;
        Assert.Equal(["input", "state", "sr"], inference.Inputs.Select(input => input.Name));
        Assert.Equal(TensorDataType.Int64, inference.Inputs[2].DataType);
        Assert.Empty(inference.Inputs[2].Shape!);
        Assert.Equal("2,N,128", string.Join(',', inference.Inputs[1].Shape!));
        Assert.Equal(["output", "stateN"], inference.Outputs.Select(output => output.Name));
        Assert.Equal(16000L, inference.Preprocessing!.Extra["sample_rate"]);
        Assert.Empty(inference.Preprocessing.Mean);
        Assert.Null(inference.Preprocessing.ChannelOrder);
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void Inference_can_be_switched_with_a_boolean(string value, bool enabled)
    {
        var result = ModelCard.Parse(Readme.With($"inference: {value}"));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Equal(enabled, result.Card.Inference!.Enabled);
        Assert.Empty(result.Card.Inference.Inputs);
    }

    [Fact]
    public void Shape_and_datatype_are_optional()
    {
        var input = Assert.Single(Inference("inputs: [{name: pixel_values}]").Inputs);

        Assert.Null(input.Shape);
        Assert.Equal(TensorDataType.Float32, input.DataType);
    }

    [Theory]
    [InlineData("float32", TensorDataType.Float32)]
    [InlineData("float", TensorDataType.Float32)]
    [InlineData("float16", TensorDataType.Float16)]
    [InlineData("bfloat16", TensorDataType.BFloat16)]
    [InlineData("float64", TensorDataType.Float64)]
    [InlineData("double", TensorDataType.Float64)]
    [InlineData("int8", TensorDataType.Int8)]
    [InlineData("int16", TensorDataType.Int16)]
    [InlineData("int32", TensorDataType.Int32)]
    [InlineData("int64", TensorDataType.Int64)]
    [InlineData("uint8", TensorDataType.UInt8)]
    [InlineData("uint16", TensorDataType.UInt16)]
    [InlineData("uint32", TensorDataType.UInt32)]
    [InlineData("uint64", TensorDataType.UInt64)]
    [InlineData("bool", TensorDataType.Bool)]
    [InlineData("string", TensorDataType.String)]
    public void Every_datatype(string written, TensorDataType expected)
    {
        Assert.Equal(expected, Assert.Single(Inference($"inputs: [{{name: t, datatype: {written}}}]").Inputs).DataType);
    }

    [Fact]
    public void Preprocessing_with_width_and_gray()
    {
        var preprocessing = Inference("preprocessing: {resize_height: 224, resize_width: 224, channel_order: gray, mean: [0], std: [1]}").Preprocessing!;

        Assert.Equal(224, preprocessing.ResizeWidth);
        Assert.Equal(ChannelOrder.Gray, preprocessing.ChannelOrder);
        Assert.Equal([0.0], preprocessing.Mean);
        Assert.Equal([1.0], preprocessing.Std);
    }

    [Fact]
    public void Imagenet_style_mean_and_std()
    {
        var preprocessing = Inference("preprocessing:", "  mean: [0.485, 0.456, 0.406]", "  std: [0.229, 0.224, 0.225]", "  channel_order: RGB").Preprocessing!;

        Assert.Equal([0.485, 0.456, 0.406], preprocessing.Mean);
        Assert.Equal([0.229, 0.224, 0.225], preprocessing.Std);
        Assert.Equal(ChannelOrder.Rgb, preprocessing.ChannelOrder);
    }

    [Theory]
    [InlineData("inputs: x", "inference.inputs: expected a list of {name, shape, datatype} entries, got 'x'")]
    [InlineData("inputs: [x]", "inference.inputs[0]: expected a mapping with name, shape and datatype, got 'x'")]
    [InlineData("inputs: [{shape: [1]}]", "inference.inputs[0].name: missing; every input and output needs the name it has in the model")]
    [InlineData("inputs: [{name: [a]}]", "inference.inputs[0].name: expected a string, got a list")]
    [InlineData("inputs: [{name: x, shape: N}]", "inference.inputs[0].shape: expected a list of sizes and symbolic names such as [N, 3, 224, 224], got 'N'")]
    [InlineData("inputs: [{name: x, shape: [N, -1]}]", "inference.inputs[0].shape[1]: expected a positive integer or a symbolic name such as N, got '-1'")]
    [InlineData("inputs: [{name: x, shape: [0]}]", "inference.inputs[0].shape[0]: expected a positive integer or a symbolic name such as N, got '0'")]
    [InlineData("inputs: [{name: x, shape: [1.5]}]", "inference.inputs[0].shape[0]: expected a positive integer or a symbolic name such as N, got '1.5'")]
    [InlineData("inputs: [{name: x, shape: ['3 x']}]", "inference.inputs[0].shape[0]: expected a positive integer or a symbolic name such as N, got the string \"3 x\"")]
    [InlineData("inputs: [{name: x, shape: [[1]]}]", "inference.inputs[0].shape[0]: expected a positive integer or a symbolic name such as N, got a list")]
    [InlineData("inputs: [{name: x, datatype: f32}]", "inference.inputs[0].datatype: expected one of float32, float16, bfloat16, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool, string, got 'f32'")]
    [InlineData("outputs: [{name: y, datatype: Float32}]", "inference.outputs[0].datatype: expected one of float32, float16, bfloat16, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool, string, got 'Float32'")]
    [InlineData("preprocessing: 48", "inference.preprocessing: expected a mapping of keys to values, got '48'")]
    [InlineData("preprocessing: {resize_height: 0}", "inference.preprocessing.resize_height: expected an integer between 1 and 16384, got '0'")]
    [InlineData("preprocessing: {resize_width: wide}", "inference.preprocessing.resize_width: expected an integer between 1 and 16384, got 'wide'")]
    [InlineData("preprocessing: {scale: -1}", "inference.preprocessing.scale: expected a number greater than zero, got '-1'")]
    [InlineData("preprocessing: {scale: 1/255}", "inference.preprocessing.scale: expected a number greater than zero, got '1/255'")]
    [InlineData("preprocessing: {mean: 0.5}", "inference.preprocessing.mean: expected a list of numbers, one per channel, got '0.5'")]
    [InlineData("preprocessing: {mean: [0.5, x]}", "inference.preprocessing.mean[1]: expected a number, got 'x'")]
    [InlineData("preprocessing: {mean: [.nan]}", "inference.preprocessing.mean[0]: expected a number, got '.nan'")]
    [InlineData("preprocessing: {std: [0.5, 0]}", "inference.preprocessing.std[1]: expected a number greater than zero, got '0'")]
    [InlineData("preprocessing: {mean: [0.5, 0.5, 0.5], std: [0.5, 0.5]}", "inference.preprocessing.std: expected as many values as mean (3), got 2")]
    [InlineData("preprocessing: {channel_order: BRG}", "inference.preprocessing.channel_order: expected one of RGB, BGR, GRAY, got 'BRG'")]
    public void Wrong_inference_values_name_the_path_and_the_reason(string line, string message)
    {
        var error = Assert.Single(Errors(line));

        Assert.Equal(message, error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Duplicate_input_names_are_refused()
    {
        var error = Assert.Single(Errors("inputs:", "  - name: x", "  - name: y", "  - name: x"));

        Assert.Equal("inference.inputs[2].name: 'x' is already the name of inputs[0]", error.Message);
        Assert.Equal(6, error.Line);
    }

    [Fact]
    public void Every_inference_error_is_collected()
    {
        var errors = Errors(
            "inputs:",
            "  - {name: x, shape: [N, -3, 48, W], datatype: f32}",
            "  - {shape: [1]}",
            "preprocessing:",
            "  resize_height: tall",
            "  channel_order: CMYK");

        Assert.Equal(
            [
                "inference.inputs[0].shape[1]",
                "inference.inputs[0].datatype",
                "inference.inputs[1].name",
                "inference.preprocessing.resize_height",
                "inference.preprocessing.channel_order",
            ],
            errors.Select(error => error.Key));
    }

    [Fact]
    public void Tensor_dimension_values()
    {
        var fixedSize = TensorDimension.Fixed(3);
        var named = TensorDimension.Named("batch");

        Assert.Equal(3, fixedSize.Size);
        Assert.Null(fixedSize.Symbol);
        Assert.False(fixedSize.IsSymbolic);
        Assert.Equal("3", fixedSize.ToString());
        Assert.Null(named.Size);
        Assert.True(named.IsSymbolic);
        Assert.Equal("batch", named.ToString());
        Assert.Equal(TensorDimension.Named("batch"), named);
    }
}
