"""A small animated-GIF encoder in NumPy and Python (Qt cannot write GIF).

`encode(frames, delay_ms)` takes RGB frames ((h, w, 3) uint8 arrays of one size) and
returns the bytes of a looping GIF89a. One global palette: the exact colours when the
animation uses at most 256 (typical of flat diagrams), otherwise the 256 most common
colours on a 15-bit grid, every other colour mapped to its nearest. Each frame after the
first stores only the rectangle that changed, so slide animations stay small.
"""

from __future__ import annotations

import struct

import numpy as np


def _pack(frame: np.ndarray) -> np.ndarray:
    f = frame.astype(np.uint32)
    return (f[..., 0] << 16) | (f[..., 1] << 8) | f[..., 2]


def _palette(packed: list[np.ndarray]) -> tuple[np.ndarray, callable]:
    """(palette (n, 3) uint8 with n ≤ 256, a function packed frame → index frame)."""
    colours = np.unique(np.concatenate([np.unique(p) for p in packed]))
    if len(colours) <= 256:
        pal = np.stack([(colours >> 16) & 255, (colours >> 8) & 255, colours & 255], 1)

        def index(p):
            return np.searchsorted(colours, p).astype(np.uint8)
        return pal.astype(np.uint8), index
    counts = np.zeros(1 << 15, dtype=np.int64)
    for p in packed:
        counts += np.bincount(_bins(p).ravel(), minlength=1 << 15)
    present = np.nonzero(counts)[0]
    top = present[np.argsort(counts[present])[::-1][:256]]
    centres = _bin_rgb(top)
    lut = np.zeros(1 << 15, dtype=np.uint8)
    pres_rgb = _bin_rgb(present)
    for start in range(0, len(present), 4096):   # nearest palette colour per present bin
        chunk = pres_rgb[start:start + 4096, None, :] - centres[None, :, :]
        lut[present[start:start + 4096]] = np.argmin((chunk ** 2).sum(-1), axis=1)

    def index(p):
        return lut[_bins(p)]
    return np.clip(centres, 0, 255).astype(np.uint8), index


def _bins(p: np.ndarray) -> np.ndarray:
    return (((p >> 19) & 31) << 10) | (((p >> 11) & 31) << 5) | ((p >> 3) & 31)


def _bin_rgb(bins: np.ndarray) -> np.ndarray:
    return np.stack([((bins >> 10) & 31) * 8 + 4, ((bins >> 5) & 31) * 8 + 4,
                     (bins & 31) * 8 + 4], 1).astype(np.int32)


def lzw(indices: bytes, min_code_size: int = 8) -> bytes:
    """GIF-flavoured variable-width LZW of a sequence of colour indices."""
    clear, end = 1 << min_code_size, (1 << min_code_size) + 1
    out = bytearray()
    buf = nbits = 0
    width = min_code_size + 1
    table: dict[int, int] = {}
    next_code = end + 1

    def emit(code):
        nonlocal buf, nbits
        buf |= code << nbits
        nbits += width
        while nbits >= 8:
            out.append(buf & 255)
            buf >>= 8
            nbits -= 8

    emit(clear)
    if not indices:
        emit(end)
        if nbits:
            out.append(buf & 255)
        return bytes(out)
    prefix = indices[0]
    for k in indices[1:]:
        key = (prefix << 8) | k
        code = table.get(key)
        if code is not None:
            prefix = code
            continue
        emit(prefix)
        if next_code < 4096:
            table[key] = next_code
            next_code += 1
            if next_code > (1 << width) and width < 12:
                width += 1
        else:
            emit(clear)
            table.clear()
            next_code = end + 1
            width = min_code_size + 1
        prefix = k
    emit(prefix)
    emit(end)
    if nbits:
        out.append(buf & 255)
    return bytes(out)


def _blocks(data: bytes) -> bytes:
    parts = [bytes([len(data[i:i + 255])]) + data[i:i + 255] for i in range(0, len(data), 255)]
    return b"".join(parts) + b"\x00"


def encode(frames, delay_ms: int = 100, loop: int = 0) -> bytes:
    """Animated GIF bytes from RGB frames ((h, w, 3) uint8, all the same size)."""
    frames = [np.ascontiguousarray(f[..., :3], dtype=np.uint8) for f in frames]
    if not frames:
        raise ValueError("an animation needs at least one frame")
    h, w = frames[0].shape[:2]
    if any(f.shape[:2] != (h, w) for f in frames):
        raise ValueError("all frames of an animation must have the same size")
    if not (1 <= w <= 65535 and 1 <= h <= 65535):
        raise ValueError(f"a {w}×{h} frame cannot be stored in a GIF")
    packed = [_pack(f) for f in frames]
    pal, index = _palette(packed)
    table = np.zeros((256, 3), dtype=np.uint8)
    table[:len(pal)] = pal
    out = [b"GIF89a", struct.pack("<HHBBB", w, h, 0xF7, 0, 0), table.tobytes(),
           b"\x21\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", loop) + b"\x00"]
    delay = max(2, round(delay_ms / 10))
    previous = None
    for p in packed:
        x0, y0, x1, y1 = 0, 0, w, h
        if previous is not None:
            changed = p != previous
            rows, cols = np.any(changed, 1), np.any(changed, 0)
            if not rows.any():          # identical frame: one pixel, to keep its delay
                x0, y0, x1, y1 = 0, 0, 1, 1
            else:
                y0, y1 = int(np.argmax(rows)), h - int(np.argmax(rows[::-1]))
                x0, x1 = int(np.argmax(cols)), w - int(np.argmax(cols[::-1]))
        previous = p
        idx = index(p[y0:y1, x0:x1])
        out.append(b"\x21\xf9\x04" + struct.pack("<BHBB", 0x04, delay, 0, 0))
        out.append(b"\x2c" + struct.pack("<HHHHB", x0, y0, x1 - x0, y1 - y0, 0))
        out.append(b"\x08" + _blocks(lzw(idx.tobytes())))
    out.append(b"\x3b")
    return b"".join(out)
