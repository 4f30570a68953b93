namespace Spaces.Onnx.Pipelines.Imaging;

/// <summary>Reverses PNG's per-row filters (None, Sub, Up, Average, Paeth) in place.</summary>
internal static class PngFilters
{
    /// <summary>
    /// Unfilters <paramref name="data"/> (rows of <c>1 + rowBytes</c> bytes, the first being the filter type) in place;
    /// afterwards row <c>y</c>'s pixels are at <c>y * (rowBytes + 1) + 1</c>.
    /// </summary>
    public static void Unfilter(byte[] data, int height, int rowBytes, int stride)
    {
        var stripe = rowBytes + 1;
        for (var y = 0; y < height; y++)
        {
            var rowStart = y * stripe;
            var filter = data[rowStart];
            var row = data.AsSpan(rowStart + 1, rowBytes);
            // The row above, already unfiltered; zeros for the first row.
            var previous = y == 0 ? new Span<byte>(new byte[rowBytes]) : data.AsSpan(rowStart - stripe + 1, rowBytes);
            switch (filter)
            {
                case 0:
                    break;
                case 1:
                    for (var i = stride; i < rowBytes; i++)
                    {
                        row[i] += row[i - stride];
                    }
                    break;
                case 2:
                    for (var i = 0; i < rowBytes; i++)
                    {
                        row[i] += previous[i];
                    }
                    break;
                case 3:
                    for (var i = 0; i < rowBytes; i++)
                    {
                        var left = i >= stride ? row[i - stride] : 0;
                        row[i] += (byte)((left + previous[i]) >> 1);
                    }
                    break;
                case 4:
                    for (var i = 0; i < rowBytes; i++)
                    {
                        var left = i >= stride ? row[i - stride] : (byte)0;
                        var upperLeft = i >= stride ? previous[i - stride] : (byte)0;
                        row[i] += Paeth(left, previous[i], upperLeft);
                    }
                    break;
                default:
                    throw new InvalidDataException($"PNG row {y} has filter type {filter} (0 to 4 exist)");
            }
        }
    }

    private static byte Paeth(byte a, byte b, byte c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
