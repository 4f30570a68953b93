namespace Spaces.Onnx.Pipelines.Imaging;

/// <summary>
/// Bilinear resampling with OpenCV's <c>INTER_LINEAR</c> geometry (pixel centres aligned: <c>src = (dst + 0.5) * scale - 0.5</c>,
/// clamped at the borders), so that preprocessing matches what the models were trained with.
/// </summary>
internal readonly struct BilinearSampler
{
    private readonly int[] _x0;
    private readonly float[] _xWeight;
    private readonly int[] _y0;
    private readonly float[] _yWeight;
    private readonly int _sourceWidth;
    private readonly int _sourceHeight;

    public BilinearSampler(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        _sourceWidth = sourceWidth;
        _sourceHeight = sourceHeight;
        (_x0, _xWeight) = Axis(sourceWidth, targetWidth);
        (_y0, _yWeight) = Axis(sourceHeight, targetHeight);
    }

    /// <summary>Samples channel <paramref name="channel"/> (0..3) of an RGBA image at target pixel (x, y), as 0..255.</summary>
    public float Sample(byte[] rgba, int x, int y, int channel)
    {
        var x0 = _x0[x];
        var y0 = _y0[y];
        var x1 = Math.Min(x0 + 1, _sourceWidth - 1);
        var y1 = Math.Min(y0 + 1, _sourceHeight - 1);
        var wx = _xWeight[x];
        var wy = _yWeight[y];
        var top = Lerp(rgba[(y0 * _sourceWidth + x0) * 4 + channel], rgba[(y0 * _sourceWidth + x1) * 4 + channel], wx);
        var bottom = Lerp(rgba[(y1 * _sourceWidth + x0) * 4 + channel], rgba[(y1 * _sourceWidth + x1) * 4 + channel], wx);
        return top + (bottom - top) * wy;
    }

    private static float Lerp(byte a, byte b, float w) => a + (b - a) * w;

    private static (int[] Start, float[] Weight) Axis(int source, int target)
    {
        var start = new int[target];
        var weight = new float[target];
        var scale = (double)source / target;
        for (var i = 0; i < target; i++)
        {
            var position = (i + 0.5) * scale - 0.5;
            var floor = (int)Math.Floor(position);
            var fraction = (float)(position - floor);
            if (floor < 0)
            {
                floor = 0;
                fraction = 0;
            }
            if (floor >= source - 1)
            {
                floor = source - 1;
                fraction = 0;
            }
            start[i] = floor;
            weight[i] = fraction;
        }
        return (start, weight);
    }
}
