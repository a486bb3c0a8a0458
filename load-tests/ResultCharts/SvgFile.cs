using ScottPlot;
using SkiaSharp;

namespace ResultCharts;

/// <summary>Renders a figure straight onto Skia's SVG canvas: no window, no display, no raster step.</summary>
internal static class SvgFile
{
    public static void Save(IMultiplot figure, string path, int width, int height)
    {
        using var stream = File.Create(path);
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
        {
            canvas.Clear(SKColors.White);
            figure.Render(canvas, new PixelRect(0, width, height, 0));
        }
    }
}
