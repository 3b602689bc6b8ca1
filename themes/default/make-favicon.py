#!/usr/bin/env python3
"""Writes the default theme's favicon: static/favicon.ico (16×16 and 32×32).

A rounded square in the committee's red (#a3121b, the theme's accent) with a white 田,
the upper part of 界, drawn on the pixel grid of each size so that it stays sharp.
The images are 32-bit BMPs inside the ICO, which every browser reads. Run it from
anywhere; it writes next to itself. With --preview DIR it also writes enlarged PNGs.
"""

import os
import struct
import sys
import zlib

RED = (0xA3, 0x12, 0x1B)
WHITE = (0xFF, 0xFF, 0xFF)

# Per size: corner radius, the 田's outer box (left, top, right, bottom; end exclusive),
# its stroke, and the middle bars' start and width.
DESIGNS = {
    16: dict(radius=3.0, box=(2, 2, 14, 14), stroke=2, middle=(7, 2)),
    32: dict(radius=6.0, box=(6, 6, 27, 27), stroke=3, middle=(15, 3)),
}


def coverage(size, radius, x, y, samples=8):
    """How much of pixel (x, y) the rounded square covers, from 0 to 1."""
    inside = 0
    for sy in range(samples):
        for sx in range(samples):
            px = x + (sx + 0.5) / samples
            py = y + (sy + 0.5) / samples
            cx = min(max(px, radius), size - radius)
            cy = min(max(py, radius), size - radius)
            if (px - cx) ** 2 + (py - cy) ** 2 <= radius**2:
                inside += 1
    return inside / samples**2


def is_mark(design, x, y):
    left, top, right, bottom = design["box"]
    stroke = design["stroke"]
    start, width = design["middle"]
    if not (left <= x < right and top <= y < bottom):
        return False
    return (
        x < left + stroke
        or x >= right - stroke
        or y < top + stroke
        or y >= bottom - stroke
        or start <= x < start + width
        or start <= y < start + width
    )


def pixels(size):
    """Rows top to bottom of (r, g, b, a)."""
    design = DESIGNS[size]
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            alpha = round(255 * coverage(size, design["radius"], x, y))
            colour = WHITE if is_mark(design, x, y) else RED
            row.append((*colour, alpha))
        rows.append(row)
    return rows


def bmp(size):
    """The ICO form of a BMP: header, bottom-up BGRA rows, then the 1-bit AND mask."""
    rows = pixels(size)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    colour = b"".join(
        bytes((b, g, r, a)) for row in reversed(rows) for (r, g, b, a) in row
    )
    stride = ((size + 31) // 32) * 4
    mask = b""
    for row in reversed(rows):
        bits = 0
        for x, (_, _, _, a) in enumerate(row):
            if a == 0:
                bits |= 1 << (stride * 8 - 1 - x)
        mask += bits.to_bytes(stride, "big")
    return header + colour + mask


def ico(sizes):
    images = [bmp(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


def png(rows, scale):
    """An enlarged PNG of the rows, on white, for looking at the design."""
    raw = b""
    for row in rows:
        line = b""
        for r, g, b, a in row:
            mix = [round((c * a + 255 * (255 - a)) / 255) for c in (r, g, b)]
            line += bytes(mix) * scale
        raw += (b"\0" + line) * scale
    size = len(rows) * scale

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "static", "favicon.ico"), "wb") as f:
        f.write(ico([16, 32]))
    if len(sys.argv) == 3 and sys.argv[1] == "--preview":
        for size in DESIGNS:
            with open(os.path.join(sys.argv[2], f"favicon-{size}.png"), "wb") as f:
                f.write(png(pixels(size), 256 // size))


if __name__ == "__main__":
    main()
