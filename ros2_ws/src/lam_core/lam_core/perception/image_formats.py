"""Camera pixel formats -> the core's pixel arrays (RGB uint8, depth float32 metres), and back.

Raw images follow sensor_msgs/Image: ``encoding``, ``width`` x ``height`` [px], ``step`` (bytes a
row, padding included), ``is_bigendian`` (byte order of multi-byte samples), ``data`` of exactly
``step * height`` bytes. Compressed images follow sensor_msgs/CompressedImage as image_transport
writes ``format``: "rgb8; jpeg compressed bgr8", "16UC1; compressedDepth png", or a bare codec
("jpeg", "png"). Anything unsupported or malformed raises InputError naming what is wrong.
"""

from __future__ import annotations

import array
from dataclasses import dataclass
from typing import TypeAlias

import cv2
import numpy as np
import numpy.typing as npt

from lam_core.errors import InputError

ByteData: TypeAlias = "bytes | bytearray | memoryview | array.array[int]"
Rgb8 = npt.NDArray[np.uint8]
DepthM = npt.NDArray[np.float32]

# Colour encodings: bytes per pixel. yuv422 is UYVY (U0 Y0 V0 Y1), yuv422_yuy2 is YUYV
# (Y0 U0 Y1 V0); both BT.601 limited range, two pixels share one U and one V.
COLOR_ENCODINGS: dict[str, int] = {
    "rgb8": 3, "bgr8": 3, "rgba8": 4, "bgra8": 4, "mono8": 1, "mono16": 2, "yuv422": 2, "yuv422_yuy2": 2,
}
# Depth encodings: bytes per pixel. 32FC1 in metres, 16UC1 in millimetres.
DEPTH_ENCODINGS: dict[str, int] = {"32FC1": 4, "16UC1": 2}
MAX_16UC1_M = 65.535

_YUV_TO_RGB = {"yuv422": cv2.COLOR_YUV2RGB_UYVY, "yuv422_yuy2": cv2.COLOR_YUV2RGB_YUY2}
_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_COMPRESSED_DEPTH_HEADER_BYTES = 12  # compressed_depth_image_transport: int32 format + 2 float32 params
# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8, CC are not frames.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _rgb(pixels: np.ndarray) -> Rgb8:
    return np.ascontiguousarray(pixels, dtype=np.uint8)


def _rows(encoding: str, width: int, height: int, step: int, data: ByteData, bpp: int) -> npt.NDArray[np.uint8]:
    """The pixel bytes as a (height, width * bpp) array, row padding dropped."""
    if width <= 0 or height <= 0:
        raise InputError(f"{encoding} image is empty ({width}x{height})")
    if step < width * bpp:
        raise InputError(f"{encoding} image {width}x{height}: step {step} is below {width * bpp} "
                         f"({width} px x {bpp} bytes)")
    if len(data) != step * height:
        raise InputError(f"{encoding} image {width}x{height}: step {step}, {len(data)} bytes "
                         f"(expected {step * height})")
    rows = np.frombuffer(data, dtype=np.uint8).reshape(height, step)
    return rows[:, : width * bpp]


def _samples(rows: npt.NDArray[np.uint8], dtype: str, bigendian: bool) -> np.ndarray:
    """Rows of bytes -> native-order samples of ``dtype`` ("u2", "f4")."""
    return np.ascontiguousarray(rows).view((">" if bigendian else "<") + dtype).astype(dtype)


def color_from_raw(encoding: str, width: int, height: int, step: int, data: ByteData, bigendian: bool) -> Rgb8:
    """Pixels of a raw colour image as (height, width, 3) RGB uint8. mono8 is replicated to the three
    channels, mono16 keeps its high byte (0..65535 -> 0..255), alpha is dropped."""
    bpp = COLOR_ENCODINGS.get(encoding)
    if bpp is None:
        raise InputError(f"colour image encoding {encoding!r} not supported ({', '.join(COLOR_ENCODINGS)})")
    if encoding in _YUV_TO_RGB and width % 2:
        raise InputError(f"{encoding} image width {width} is odd (two pixels share their chroma)")
    rows = _rows(encoding, width, height, step, data, bpp)
    if encoding == "mono16":
        grey = (_samples(rows, "u2", bigendian) >> 8).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(grey[..., None], 3, axis=2))
    px = rows.reshape(height, width, bpp)
    if encoding == "rgb8":
        return px.copy()
    if encoding == "bgr8":
        return _rgb(cv2.cvtColor(np.ascontiguousarray(px), cv2.COLOR_BGR2RGB))
    if encoding == "rgba8":
        return np.ascontiguousarray(px[..., :3])
    if encoding == "bgra8":
        return np.ascontiguousarray(px[..., 2::-1])
    if encoding == "mono8":
        return np.ascontiguousarray(np.repeat(px, 3, axis=2))
    return _rgb(cv2.cvtColor(np.ascontiguousarray(px), _YUV_TO_RGB[encoding]))


def depth_from_raw(encoding: str, width: int, height: int, step: int, data: ByteData, bigendian: bool) -> DepthM:
    """Pixels of a raw depth image as (height, width) float32 metres: 32FC1 metres or 16UC1
    millimetres. Non-finite values and 0 mean unknown, as the camera sent them."""
    bpp = DEPTH_ENCODINGS.get(encoding)
    if bpp is None:
        raise InputError(f"depth image encoding {encoding!r} not supported ({', '.join(DEPTH_ENCODINGS)})")
    rows = _rows(encoding, width, height, step, data, bpp)
    if encoding == "32FC1":
        return np.asarray(_samples(rows, "f4", bigendian), dtype=np.float32)
    return (_samples(rows, "u2", bigendian).astype(np.float32) * np.float32(0.001)).astype(np.float32)


def _rgb_to_yuv422(rgb: Rgb8, uyvy: bool) -> npt.NDArray[np.uint8]:
    """BT.601 limited-range 4:2:2 of an RGB image of even width; chroma averaged over pixel pairs."""
    c = rgb.astype(np.float64)
    r, g, b = c[..., 0], c[..., 1], c[..., 2]
    y = 16.0 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0
    u = 128.0 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255.0
    v = 128.0 + (112.0 * r - 93.786 * g - 18.214 * b) / 255.0
    u2 = 0.5 * (u[:, 0::2] + u[:, 1::2])
    v2 = 0.5 * (v[:, 0::2] + v[:, 1::2])
    out = np.empty((rgb.shape[0], rgb.shape[1] // 2, 4), np.float64)
    if uyvy:
        out[..., 0], out[..., 1], out[..., 2], out[..., 3] = u2, y[:, 0::2], v2, y[:, 1::2]
    else:
        out[..., 0], out[..., 1], out[..., 2], out[..., 3] = y[:, 0::2], u2, y[:, 1::2], v2
    return np.clip(np.rint(out), 0, 255).astype(np.uint8).reshape(rgb.shape[0], rgb.shape[1] * 2)


def raw_from_color(rgb: Rgb8, encoding: str = "rgb8") -> tuple[int, bytes]:
    """(step, little-endian data) of an (H, W, 3) RGB uint8 image in ``encoding``, rows unpadded.
    mono8/mono16 store the BT.601 grey, rgba8/bgra8 an opaque alpha."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise InputError(f"colour pixels must be HxWx3 uint8, got {rgb.shape} {rgb.dtype}")
    bpp = COLOR_ENCODINGS.get(encoding)
    if bpp is None:
        raise InputError(f"colour image encoding {encoding!r} not supported ({', '.join(COLOR_ENCODINGS)})")
    h, w = rgb.shape[:2]
    if encoding == "rgb8":
        px: np.ndarray = rgb
    elif encoding == "bgr8":
        px = rgb[..., ::-1]
    elif encoding == "rgba8":
        px = np.dstack([rgb, np.full((h, w), 255, np.uint8)])
    elif encoding == "bgra8":
        px = np.dstack([rgb[..., ::-1], np.full((h, w), 255, np.uint8)])
    elif encoding in ("mono8", "mono16"):
        grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
        px = grey if encoding == "mono8" else (grey.astype(np.uint16) * 257).astype("<u2")
    else:
        if w % 2:
            raise InputError(f"{encoding} needs an even width, got {w}")
        px = _rgb_to_yuv422(rgb, uyvy=encoding == "yuv422")
    return w * bpp, np.ascontiguousarray(px).tobytes()


def raw_from_depth(depth_m: npt.NDArray[np.floating], encoding: str = "32FC1") -> tuple[int, bytes]:
    """(step, little-endian data) of an (H, W) depth image [m]: 32FC1 metres, or 16UC1 millimetres
    as RGB-D cameras publish it (unknown and beyond 65.535 m become 0)."""
    if depth_m.ndim != 2:
        raise InputError(f"depth must be HxW, got {depth_m.shape}")
    w = depth_m.shape[1]
    if encoding == "16UC1":
        ok = np.isfinite(depth_m) & (depth_m > 0) & (depth_m <= MAX_16UC1_M)
        mm = np.where(ok, np.rint(np.where(ok, depth_m, 0.0) * 1000.0), 0).astype("<u2")
        return w * 2, mm.tobytes()
    if encoding != "32FC1":
        raise InputError(f"depth encoding {encoding!r} not one of {tuple(DEPTH_ENCODINGS)}")
    return w * 4, np.ascontiguousarray(depth_m, dtype="<f4").tobytes()


@dataclass(frozen=True)
class CompressedFormat:
    """A CompressedImage ``format`` read the way image_transport's subscribers read it."""

    encoding: str   # raw encoding before compression ("rgb8", "16UC1"); "" for a bare codec name
    codec: str      # "jpeg", "png", another codec word, or "" when the format does not say
    depth: bool     # written by compressed_depth_image_transport (a 12-byte header before the PNG)
    bgr: bool       # colour channels of the decoded picture are in OpenCV's BGR order


def parse_compressed_format(fmt: str) -> CompressedFormat:
    """Split "rgb8; jpeg compressed bgr8", "16UC1; compressedDepth png" or "jpeg"."""
    text = fmt.strip()
    if ";" not in text:
        codec = text.lower()
        return CompressedFormat("", "jpeg" if codec == "jpg" else codec, False, True)
    encoding, rest = (part.strip() for part in text.split(";", 1))
    words = rest.lower().split()
    if words and words[0] == "compresseddepth":
        return CompressedFormat(encoding, words[1] if len(words) > 1 else "png", True, False)
    codec = words[0] if words else ""
    codec = "jpeg" if codec == "jpg" else codec
    # compressed_image_transport converts colour to bgr8/bgr16 before compressing and says so after
    # "compressed"; without that note the decoded channels are taken to be in RGB order.
    target = words[words.index("compressed") + 1] if "compressed" in words[:-1] else ""
    return CompressedFormat(encoding, codec, False, target.startswith("bgr"))


def _codec_of(data: ByteData) -> str:
    head = bytes(memoryview(data)[:8])
    if head.startswith(_JPEG_MAGIC):
        return "jpeg"
    if head == _PNG_MAGIC:
        return "png"
    return ""


def compressed_size(data: ByteData) -> tuple[int, int] | None:
    """(width, height) [px] from a JPEG frame header or a PNG IHDR chunk, without decoding; None
    when the header does not say (unknown codec, truncated header, JPEG height set later by DNL)."""
    buf = memoryview(data).cast("B")
    codec = _codec_of(data)
    if codec == "png":
        if len(buf) < 24 or bytes(buf[12:16]) != b"IHDR":
            return None
        return int.from_bytes(buf[16:20], "big"), int.from_bytes(buf[20:24], "big")
    if codec != "jpeg":
        return None
    i, n = 2, len(buf)
    while i + 4 <= n:
        if buf[i] != 0xFF:
            return None
        marker = buf[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            i += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image or start of scan before any frame header
            return None
        length = (buf[i + 2] << 8) | buf[i + 3]
        if length < 2:
            return None
        if marker in _JPEG_SOF:
            if i + 9 > n:
                return None
            height = (buf[i + 5] << 8) | buf[i + 6]
            width = (buf[i + 7] << 8) | buf[i + 8]
            return (width, height) if height > 0 else None
        i += 2 + length
    return None


def check_image_size(width: int, height: int, max_pixels: int) -> None:
    """Raise InputError for an image larger than max_pixels (checked before decoding it)."""
    if width * height > max_pixels:
        raise InputError(f"image of {width}x{height} exceeds {max_pixels} pixels")


def _check_pixels(width: int, height: int, max_pixels: int, what: str) -> None:
    if width <= 0 or height <= 0:
        raise InputError(f"{what} is empty ({width}x{height})")
    check_image_size(width, height, max_pixels)


def _decode(payload: ByteData, codec: str, max_pixels: int, what: str) -> np.ndarray:
    """Decode JPEG/PNG bytes (size checked from the header first, else after decoding)."""
    size = compressed_size(payload)
    if size is not None:
        _check_pixels(size[0], size[1], max_pixels, what)
    try:
        img = cv2.imdecode(np.frombuffer(payload, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
    except cv2.error as exc:
        raise InputError(f"{what}: {len(payload)} bytes of {codec} data could not be decoded ({exc})") from None
    if img is None or img.size == 0:
        raise InputError(f"{what}: {len(payload)} bytes of {codec} data could not be decoded")
    _check_pixels(img.shape[1], img.shape[0], max_pixels, what)
    return img


def _payload_codec(fmt: CompressedFormat, fmt_text: str, data: ByteData, what: str) -> str:
    if len(data) == 0:
        raise InputError(f"{what} ({fmt_text!r}) has no data")
    if fmt.codec not in ("", "jpeg", "png"):
        raise InputError(f"{what} format {fmt_text!r} not supported (jpeg, png)")
    found = _codec_of(data)
    if not found:
        raise InputError(f"{what} ({fmt_text!r}): data is neither JPEG nor PNG")
    if fmt.codec and found != fmt.codec:
        raise InputError(f"{what}: format {fmt_text!r} says {fmt.codec}, data is {found}")
    return found


def color_from_compressed(fmt_text: str, data: ByteData, max_pixels: int) -> Rgb8:
    """A JPEG or PNG colour picture as (H, W, 3) RGB uint8; grey replicated, 16 bit scaled to 8,
    alpha dropped. Pictures over ``max_pixels`` are refused (before decoding when the header says)."""
    what = "compressed colour image"
    fmt = parse_compressed_format(fmt_text)
    if fmt.depth:
        raise InputError(f"{what}: format {fmt_text!r} is a compressed depth image")
    codec = _payload_codec(fmt, fmt_text, data, what)
    img = _decode(data, codec, max_pixels, what)
    if img.dtype == np.uint16:
        img = (img >> 8).astype(np.uint8)
    elif img.dtype != np.uint8:
        raise InputError(f"{what}: decoded samples are {img.dtype}, not 8 or 16 bit")
    if img.ndim == 2:
        return _rgb(cv2.cvtColor(img, cv2.COLOR_GRAY2RGB))
    channels = img.shape[2]
    if channels == 3:
        return _rgb(cv2.cvtColor(img, cv2.COLOR_BGR2RGB) if fmt.bgr else img)
    if channels == 4:
        return _rgb(cv2.cvtColor(img, cv2.COLOR_BGRA2RGB if fmt.bgr else cv2.COLOR_RGBA2RGB))
    raise InputError(f"{what}: decoded picture has {channels} channels")


def depth_from_compressed(fmt_text: str, data: ByteData, max_pixels: int) -> DepthM:
    """A PNG-compressed 16UC1 depth image (millimetres; compressed_depth_image_transport's header
    allowed) as (H, W) float32 metres. Other compressed depth (32FC1 inverse depth, RVL, JPEG) is
    not supported."""
    what = "compressed depth image"
    fmt = parse_compressed_format(fmt_text)
    if fmt.encoding not in ("16UC1", "mono16") or fmt.codec != "png":
        raise InputError(f"{what} format {fmt_text!r} not supported: only PNG-compressed 16UC1 millimetres "
                         "(\"16UC1; compressedDepth png\" or \"16UC1; png compressed\")")
    payload = data
    if fmt.depth and _codec_of(data) != "png" and len(data) > _COMPRESSED_DEPTH_HEADER_BYTES:
        payload = memoryview(data)[_COMPRESSED_DEPTH_HEADER_BYTES:]
    _payload_codec(fmt, fmt_text, payload, what)
    img = _decode(payload, "png", max_pixels, what)
    if img.ndim != 2 or img.dtype != np.uint16:
        raise InputError(f"{what}: decoded picture is {img.shape} {img.dtype}, not one 16-bit channel")
    return (img.astype(np.float32) * np.float32(0.001)).astype(np.float32)


def compressed_from_color(rgb: Rgb8, codec: str = "jpeg", jpeg_quality: int = 90) -> tuple[str, bytes]:
    """(format, data) of an (H, W, 3) RGB uint8 image as compressed_image_transport writes them:
    the picture stored as BGR, format "rgb8; <codec> compressed bgr8"."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise InputError(f"colour pixels must be HxWx3 uint8, got {rgb.shape} {rgb.dtype}")
    if codec not in ("jpeg", "png"):
        raise InputError(f"codec {codec!r} not supported (jpeg, png)")
    params = [cv2.IMWRITE_JPEG_QUALITY, int(jpeg_quality)] if codec == "jpeg" else []
    ok, buf = cv2.imencode(".jpg" if codec == "jpeg" else ".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), params)
    if not ok:
        raise InputError(f"{codec} encoding of a {rgb.shape[1]}x{rgb.shape[0]} image failed")
    return f"rgb8; {codec} compressed bgr8", buf.tobytes()
