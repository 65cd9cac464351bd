using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace CookieConsent.Browser.Tests.Infrastructure;

/// <summary>
/// Just enough of a PNG decoder (8-bit greyscale, RGB or RGBA, not interlaced: what Chromium writes) to check what a
/// screenshot shows: its size from the IHDR chunk and its pixels from the inflated, unfiltered IDAT data.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _pixels;
    private readonly int _bytesPerPixel;

    private PngImage(int width, int height, int bytesPerPixel, byte[] pixels)
    {
        Width = width;
        Height = height;
        _bytesPerPixel = bytesPerPixel;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>A hash of the decoded pixels: two screenshots that look different have different hashes.</summary>
    public string PixelHash => Convert.ToHexStringLower(SHA256.HashData(_pixels));

    /// <summary>How many distinct colours the image uses (a blank or failed page has one).</summary>
    public int DistinctColours()
    {
        var colours = new HashSet<int>();
        for (var i = 0; i < _pixels.Length; i += _bytesPerPixel)
        {
            var colour = 0;
            for (var b = 0; b < Math.Min(_bytesPerPixel, 3); b++)
            {
                colour = (colour << 8) | _pixels[i + b];
            }
            colours.Add(colour);
        }
        return colours.Count;
    }

    public static PngImage Decode(byte[] png)
    {
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG: the signature is missing.");
        }
        int width = 0, height = 0, bytesPerPixel = 0;
        using var idat = new MemoryStream();
        var offset = Signature.Length;
        while (offset + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    var (bitDepth, colourType, interlace) = (data[8], data[9], data[12]);
                    if (bitDepth != 8 || interlace != 0)
                    {
                        throw new InvalidDataException($"Unsupported PNG: bit depth {bitDepth}, interlace {interlace}.");
                    }
                    bytesPerPixel = colourType switch
                    {
                        0 => 1,
                        2 => 3,
                        4 => 2,
                        6 => 4,
                        _ => throw new InvalidDataException($"Unsupported PNG colour type {colourType}."),
                    };
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    return new PngImage(width, height, bytesPerPixel, Unfilter(Inflate(idat), width, height, bytesPerPixel));
            }
            offset += 12 + length;
        }
        throw new InvalidDataException("Truncated PNG: no IEND chunk.");
    }

    private static byte[] Inflate(MemoryStream idat)
    {
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        return raw.ToArray();
    }

    // PNG filter types 0-4 (RFC 2083, 6.2), reversed row by row.
    private static byte[] Unfilter(byte[] raw, int width, int height, int bpp)
    {
        var stride = width * bpp;
        if (raw.Length < (stride + 1) * height)
        {
            throw new InvalidDataException("PNG image data is shorter than its size says.");
        }
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var source = raw.AsSpan(y * (stride + 1) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var previous = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var x = 0; x < stride; x++)
            {
                int left = x >= bpp ? row[x - bpp] : 0, up = previous[x], upLeft = x >= bpp ? previous[x - bpp] : 0;
                row[x] = (byte)(source[x] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"Unknown PNG filter {filter}."),
                });
            }
        }
        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
