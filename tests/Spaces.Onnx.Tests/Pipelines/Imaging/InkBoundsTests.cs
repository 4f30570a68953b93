using Spaces.Onnx.Pipelines.Imaging;

namespace Spaces.Onnx.Tests.Pipelines.Imaging;

public sealed class InkBoundsTests
{
    [Fact]
    public void The_box_holds_every_dark_pixel_and_transparent_paper_is_not_ink()
    {
        var image = RgbaImage.Create(20, 10);           // transparent: paper once laid over white
        Paint(image, 3, 2, 0, 0, 0, 255);               // black
        Paint(image, 15, 7, 0, 0, 255, 200);            // mostly opaque blue: dark
        Paint(image, 18, 9, 250, 250, 250, 255);        // near-white: not ink

        Assert.Equal((3, 2, 13, 6), InkBounds.Find(image));
        var cropped = InkBounds.CropToInk(image)!;
        Assert.Equal((20, 10), (cropped.Width, cropped.Height)); // the 4-pixel margin is clipped to the image
    }

    [Fact]
    public void A_blank_canvas_has_no_ink()
    {
        Assert.Null(InkBounds.Find(RgbaImage.Create(8, 8)));
        Assert.Null(InkBounds.CropToInk(RgbaImage.Create(8, 8)));
    }

    [Fact]
    public void Crop_copies_the_rectangle_and_refuses_one_outside_the_image()
    {
        var image = RgbaImage.Create(4, 4);
        Paint(image, 2, 1, 9, 8, 7, 255);

        var crop = image.Crop(2, 1, 2, 2);

        Assert.Equal((2, 2), (crop.Width, crop.Height));
        Assert.Equal([9, 8, 7, 255], crop.Pixels[..4]);
        Assert.Throws<ArgumentException>(() => image.Crop(5, 5, 2, 2));
    }

    private static void Paint(RgbaImage image, int x, int y, byte r, byte g, byte b, byte a)
    {
        var i = (y * image.Width + x) * 4;
        (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2], image.Pixels[i + 3]) = (r, g, b, a);
    }
}
