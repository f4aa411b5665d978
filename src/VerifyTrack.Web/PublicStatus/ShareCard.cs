using HarfBuzzSharp;
using SkiaSharp;
using SkiaSharp.HarfBuzz;
using VerifyTrack.Web.Claims;
using VerifyTrack.Web.Components;
using Buffer = HarfBuzzSharp.Buffer;

namespace VerifyTrack.Web.PublicStatus;

/// <summary>What a share card shows: only fields of the public claim record, and the organisation's name.</summary>
public sealed record ShareCardContent(ClaimState State, string Statement, string Claimant, DateTimeOffset StateChangedAt, string OrganizationName)
{
    public static ShareCardContent For(PublicClaim claim, PublicStatusOptions options) =>
        new(claim.State, claim.Statement, claim.Claimant, claim.StateChangedAt, options.OrganizationName);
}

/// <summary>
/// Draws a claim's 1200×630 share card (the image link previews show) as a PNG. Text is shaped with HarfBuzz,
/// so Arabic is joined and runs right to left, in DejaVu Sans shipped inside the app: never a system font,
/// so every server draws the same card, and one server the same bytes for the same content (the ETag holds).
/// </summary>
public sealed class ShareCard : IDisposable
{
    public const int Width = 1200;
    public const int Height = 630;

    private const float Margin = 72;
    private const float TextWidth = Width - 2 * Margin;

    private readonly Face _regular = Face.Load("DejaVuSans.ttf");
    private readonly Face _bold = Face.Load("DejaVuSans-Bold.ttf");

    public byte[] Render(ShareCardContent content)
    {
        var stateColour = SKColor.Parse(PublicFormats.StateColour(content.State));
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(0xfa, 0xf9, 0xf6));
        using var fill = new SKPaint { Color = stateColour, IsAntialias = true };
        canvas.DrawRect(0, 0, Width, 14, fill);

        // The state as the badge says it, white on its colour, and since when.
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var ink = new SKPaint { Color = new SKColor(0x1a, 0x1a, 0x1a), IsAntialias = true };
        using var muted = new SKPaint { Color = new SKColor(0x4a, 0x4a, 0x4a), IsAntialias = true };
        var label = Shape(StateBadge.Label(content.State).ToUpperInvariant(), _bold, 40, rightToLeft: false);
        canvas.DrawRoundRect(Margin, 60, label.Width + 56, 72, 10, 10, fill);
        label.Draw(canvas, Margin + 28, 111, white);
        Shape($"since {PublicFormats.Date(content.StateChangedAt)}", _regular, 36, rightToLeft: false)
            .Draw(canvas, Margin + label.Width + 56 + 28, 109, muted);

        // The statement as large as fits: three lines of 64 px, else four of 54 px cut with an ellipsis.
        var rightToLeft = TextFitting.IsRightToLeft(content.Statement);
        var face = _bold.Covers(content.Statement) ? _bold : _regular;
        var (size, lines) = (64f, TextFitting.Wrap(content.Statement, 3, line => Shape(line, face, 64, rightToLeft).Width <= TextWidth));
        if (lines.Count == 3 && lines[2].EndsWith(TextFitting.Ellipsis, StringComparison.Ordinal))
        {
            (size, lines) = (54f, TextFitting.Wrap(content.Statement, 4, line => Shape(line, face, 54, rightToLeft).Width <= TextWidth));
        }

        // Centred between the state (above 150) and the claimant (below 470).
        var lineHeight = size * 1.22f;
        var baseline = 168 + (300 - ((lines.Count - 1) * lineHeight + size)) / 2 + size * 0.8f;
        foreach (var line in lines)
        {
            var shaped = Shape(line, face, size, rightToLeft);
            shaped.Draw(canvas, rightToLeft ? Width - Margin - shaped.Width : Margin, baseline, ink);
            baseline += lineHeight;
        }

        var claimant = TextFitting.Shorten($"Claimed by {content.Claimant}", line => Shape(line, _regular, 34, false).Width <= TextWidth);
        Shape(claimant, _regular, 34, rightToLeft: false).Draw(canvas, Margin, 530, muted);

        using var rule = new SKPaint { Color = new SKColor(0xd8, 0xd4, 0xcc), StrokeWidth = 2 };
        canvas.DrawLine(Margin, 562, Width - Margin, 562, rule);
        var organisation = TextFitting.Shorten(content.OrganizationName, line => Shape(line, _bold, 30, false).Width <= TextWidth);
        Shape(organisation, _bold, 30, rightToLeft: false).Draw(canvas, Margin, 606, ink);

        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels() ?? throw new InvalidOperationException("A raster surface's pixels are always readable.");
        // Encoding is most of a render. Flat colour and text compress smallest unfiltered (every filter tried
        // per row took 150 ms); zlib level 3 against 6 costs a fifth more bytes (76 KB against 65) for a third less time.
        using var png = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.None, 3))
            ?? throw new InvalidOperationException("The share card could not be encoded as PNG.");
        return png.ToArray();
    }

    /// <summary>One line shaped run by run, the runs in visual order (right to left for an RTL paragraph).</summary>
    internal ShapedLine Shape(string line, Face face, float size, bool rightToLeft)
    {
        using var font = face.Font(size);
        var runs = TextFitting.Runs(line, rightToLeft).Select(run => face.Shape(run, font)).ToList();
        if (rightToLeft)
        {
            runs.Reverse();
        }

        return new ShapedLine(runs, size, face);
    }

    public void Dispose()
    {
        _regular.Dispose();
        _bold.Dispose();
    }

    /// <summary>
    /// A typeface loaded once from the app's own resources, with its HarfBuzz shaper. Requests share both:
    /// shaping into a buffer of the caller's own only reads the shaper's HarfBuzz font.
    /// </summary>
    internal sealed class Face : IDisposable
    {
        private Face(SKTypeface typeface)
        {
            Typeface = typeface;
            Shaper = new SKShaper(typeface);
        }

        public SKTypeface Typeface { get; }

        public SKShaper Shaper { get; }

        public static Face Load(string file)
        {
            using var stream = typeof(ShareCard).Assembly.GetManifestResourceStream($"PublicStatus/Fonts/{file}")
                ?? throw new InvalidOperationException($"The share card's font {file} is not embedded in the app.");
            return new Face(SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The share card's font {file} could not be read."));
        }

        public SKFont Font(float size) => new(Typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };

        public bool Covers(string text)
        {
            using var font = Font(12);
            return font.ContainsGlyphs(text.Replace(" ", "", StringComparison.Ordinal));
        }

        /// <summary>Shaped in the run's own direction: HarfBuzz joins Arabic letters and returns glyphs left to right as drawn.</summary>
        public SKShaper.Result Shape(DirectionRun run, SKFont font)
        {
            using var buffer = new Buffer();
            buffer.AddUtf16(run.Text);
            buffer.Direction = run.RightToLeft ? Direction.RightToLeft : Direction.LeftToRight;
            buffer.GuessSegmentProperties();
            return Shaper.Shape(buffer, font);
        }

        public void Dispose()
        {
            Shaper.Dispose();
            Typeface.Dispose();
        }
    }

    internal sealed class ShapedLine(IReadOnlyList<SKShaper.Result> runs, float size, Face face)
    {
        public IReadOnlyList<SKShaper.Result> Runs => runs;

        public float Width { get; } = runs.Sum(run => run.Width);

        public void Draw(SKCanvas canvas, float x, float baseline, SKPaint paint)
        {
            using var font = face.Font(size);
            using var builder = new SKTextBlobBuilder();
            foreach (var run in runs.Where(run => run.Codepoints.Length > 0))
            {
                var glyphs = run.Codepoints.Select(glyph => (ushort)glyph).ToArray();
                var offset = x;
                builder.AddPositionedRun(glyphs, font, run.Points.Select(point => new SKPoint(point.X + offset, point.Y)).ToArray());
                x += run.Width;
            }

            using var blob = builder.Build();
            if (blob is not null)
            {
                canvas.DrawText(blob, 0, baseline, paint);
            }
        }
    }
}
