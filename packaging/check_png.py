"""Check that a screenshot is a real picture: a valid PNG of the expected size with
varied content (not blank, not one flat colour). Standard library only, so it runs with
any python3, also on a machine that has only the installer.

    python3 packaging/check_png.py SHOT.png [WIDTHxHEIGHT]

Exit status 0 and one line of statistics when it is; 1 and the reason otherwise.
"""

from __future__ import annotations

import struct
import sys
import zlib
from collections import Counter

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}   # PNG colour type → samples per pixel (8-bit only)


def decode(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows of raw samples) of an 8-bit PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file (bad signature)")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + chunk) != crc:
            raise ValueError(f"corrupt PNG: bad checksum in a {kind.decode('latin-1')} chunk")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None or not idat:
        raise ValueError("incomplete PNG: no header or no image data")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise ValueError(f"unsupported PNG layout (depth {depth}, colour type {colour}, "
                         f"interlace {interlace})")
    bpp = CHANNELS[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise ValueError("truncated PNG: image data shorter than its header says")
    rows, prev = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ftype == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif ftype != 0:
            raise ValueError(f"corrupt PNG: unknown row filter {ftype}")
        prev = bytes(line)
        rows.append(prev)
    return width, height, bpp, rows


def judge(data: bytes, size: tuple[int, int] | None = None) -> str:
    """A one-line description of the picture; ValueError saying why it is not a real one."""
    width, height, bpp, rows = decode(data)
    if size is not None and (width, height) != size:
        raise ValueError(f"picture is {width}x{height}, expected {size[0]}x{size[1]}")
    colour_bytes = min(bpp, 3)
    counts: Counter[bytes] = Counter()
    total = 0.0
    squares = 0.0
    for row in rows[::2]:                       # every other row, every pixel: plenty
        for x in range(0, len(row), bpp):
            px = row[x:x + colour_bytes]
            counts[px] += 1
            grey = sum(px) / colour_bytes
            total += grey
            squares += grey * grey
    n = sum(counts.values())
    mean = total / n
    std = max(squares / n - mean * mean, 0.0) ** 0.5
    top = counts.most_common(1)[0][1] / n
    if std < 8 or len(counts) < 64 or top > 0.97:
        raise ValueError(f"picture looks blank: {len(counts)} colours, grey std {std:.1f}, "
                         f"{top:.0%} of pixels one colour")
    return (f"{width}x{height}, {len(counts)} colours, grey mean {mean:.0f} std {std:.1f}, "
            f"commonest colour {top:.0%}")


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print("usage: check_png.py SHOT.png [WIDTHxHEIGHT]", file=sys.stderr)
        return 2
    size = tuple(int(v) for v in argv[1].lower().split("x")) if len(argv) == 2 else None
    try:
        with open(argv[0], "rb") as f:
            print(f"{argv[0]}: real picture: {judge(f.read(), size)}")
    except (OSError, ValueError) as err:
        print(f"{argv[0]}: NOT a real picture: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
