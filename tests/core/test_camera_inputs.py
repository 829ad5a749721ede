"""camera_node's inputs in the core: every raw colour encoding against a known RGB picture (padding,
byte order, malformed sizes), CompressedImage JPEG/PNG decoding (formats as image_transport writes
them, garbage, empty and oversized data), the trivial compressed depth, the colour transport
parameter, and the camera mount from the robot description."""

from __future__ import annotations

import array
import math
from dataclasses import replace

import cv2
import numpy as np
import pytest

from lam_core.config import load_config
from lam_core.errors import ConfigError, InputError
from lam_core.node_configs import CameraNodeConfig
from lam_core.paths import config_dir
from lam_core.perception import image_formats as fmt
from lam_core.perception.factory import camera_mount
from lam_core.robot.description import robot_description

H, W = 6, 8


def _rgb(pairs: bool = False) -> np.ndarray:
    """A known random RGB picture; ``pairs``: each odd column repeats the even one before it
    (4:2:2 chroma then loses nothing)."""
    px = np.random.default_rng(7).integers(0, 256, (H, W, 3), dtype=np.uint8)
    if pairs:
        px[:, 1::2] = px[:, 0::2]
    return px


def _grey_rgb() -> np.ndarray:
    g = np.random.default_rng(3).integers(0, 256, (H, W), dtype=np.uint8)
    return np.repeat(g[..., None], 3, axis=2)


def _decode(encoding: str, rows: np.ndarray, bigendian: bool = False, pad: int = 0) -> np.ndarray:
    """Decode raw rows (H, W * bpp bytes), each followed by ``pad`` junk bytes."""
    rows = np.ascontiguousarray(rows).reshape(rows.shape[0], -1).view(np.uint8)
    padded = np.hstack([rows, np.full((rows.shape[0], pad), 0xAB, np.uint8)])
    data = array.array("B", padded.tobytes())  # what rclpy hands a callback
    return fmt.color_from_raw(encoding, W, H, padded.shape[1], data, bigendian)


# Each encoding from bytes built independently of the decoder: (encoding, picture, raw rows, max error).
def _cases() -> list[tuple[str, np.ndarray, np.ndarray, int]]:
    rgb, grey, pairs = _rgb(), _grey_rgb(), _rgb(pairs=True)
    alpha = np.full((H, W, 1), 77, np.uint8)
    return [
        ("rgb8", rgb, rgb, 0),
        ("bgr8", rgb, rgb[..., ::-1], 0),
        ("rgba8", rgb, np.concatenate([rgb, alpha], axis=2), 0),
        ("bgra8", rgb, np.concatenate([rgb[..., ::-1], alpha], axis=2), 0),
        ("mono8", grey, grey[..., 0], 0),
        ("mono16", grey, grey[..., 0].astype("<u2") * 257, 0),
        ("yuv422", pairs, cv2.cvtColor(pairs, cv2.COLOR_RGB2YUV_UYVY), 2),
        ("yuv422_yuy2", pairs, cv2.cvtColor(pairs, cv2.COLOR_RGB2YUV_YUY2), 2),
    ]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c[0])
@pytest.mark.parametrize("pad", [0, 5])
def test_every_colour_encoding_decodes_to_the_known_picture(case: tuple[str, np.ndarray, np.ndarray, int],
                                                             pad: int) -> None:
    encoding, expected, rows, tolerance = case
    got = _decode(encoding, rows, pad=pad)
    assert got.shape == (H, W, 3) and got.dtype == np.uint8 and got.flags.c_contiguous
    assert int(np.abs(got.astype(int) - expected).max()) <= tolerance


@pytest.mark.parametrize("encoding", list(fmt.COLOR_ENCODINGS))
def test_every_colour_encoding_round_trips_through_the_encoder(encoding: str) -> None:
    expected = _grey_rgb() if encoding.startswith("mono") else _rgb(pairs=encoding.startswith("yuv"))
    step, data = fmt.raw_from_color(expected, encoding)
    assert step == W * fmt.COLOR_ENCODINGS[encoding] and len(data) == step * H
    got = fmt.color_from_raw(encoding, W, H, step, data, False)
    assert int(np.abs(got.astype(int) - expected).max()) <= (2 if encoding.startswith("yuv") else 0)


def test_yuv_byte_order_uyvy_and_yuyv() -> None:
    """Black then white: UYVY puts the lumas at odd bytes, YUYV at even bytes."""
    assert fmt.color_from_raw("yuv422", 2, 1, 4, bytes([128, 16, 128, 235]), False).tolist() == \
        [[[0, 0, 0], [255, 255, 255]]]
    assert fmt.color_from_raw("yuv422_yuy2", 2, 1, 4, bytes([16, 128, 235, 128]), False).tolist() == \
        [[[0, 0, 0], [255, 255, 255]]]


def test_mono16_and_depth_honour_big_endian() -> None:
    grey = _grey_rgb()
    big = grey[..., 0].astype(">u2") * 257
    assert np.array_equal(_decode("mono16", big.view(np.uint8), bigendian=True), grey)
    assert np.array_equal(_decode("mono16", big.view(np.uint8), bigendian=True, pad=3), grey)
    # The same bytes read as little-endian are another picture: the flag matters.
    assert not np.array_equal(_decode("mono16", np.array([[0x1234] * W] * H, ">u2").view(np.uint8)),
                              _decode("mono16", np.array([[0x1234] * W] * H, ">u2").view(np.uint8), bigendian=True))
    mm = np.array([[1000, 2500, 0]], ">u2")
    assert np.allclose(fmt.depth_from_raw("16UC1", 3, 1, 6, mm.tobytes(), True), [[1.0, 2.5, 0.0]])
    metres = np.array([[0.5, math.nan, 7.25]], ">f4")
    got = fmt.depth_from_raw("32FC1", 3, 1, 12, metres.tobytes(), True)
    assert got.dtype == np.float32 and got[0, 0] == 0.5 and math.isnan(got[0, 1]) and got[0, 2] == 7.25
    padded = np.hstack([metres.astype("<f4").view(np.uint8), np.zeros((1, 4), np.uint8)])
    assert np.array_equal(fmt.depth_from_raw("32FC1", 3, 1, 16, padded.tobytes(), False), got, equal_nan=True)


@pytest.mark.parametrize(
    "encoding,width,height,step,size,message",
    [
        ("rgb8", 0, 0, 0, 0, "empty"),
        ("rgb8", 4, 0, 12, 0, "empty"),
        ("rgb8", 4, 4, 10, 40, "step 10 is below 12"),
        ("rgb8", 4, 4, 12, 47, "step 12, 47 bytes"),
        ("rgb8", 4, 4, 12, 49, "expected 48"),
        ("mono16", 4, 2, 7, 14, "step 7 is below 8"),
        ("yuv422", 3, 2, 6, 12, "odd"),
        ("yuv422_yuy2", 5, 1, 10, 10, "odd"),
        ("bayer_rggb8", 4, 4, 4, 16, "not supported"),
        ("8UC3", 4, 4, 12, 48, "'8UC3' not supported"),
        ("", 4, 4, 12, 48, "not supported"),
    ],
)
def test_malformed_or_unknown_colour_images_raise_input_error(
        encoding: str, width: int, height: int, step: int, size: int, message: str) -> None:
    with pytest.raises(InputError, match=message):
        fmt.color_from_raw(encoding, width, height, step, b"\0" * size, False)


def test_malformed_or_unknown_depth_images_raise_input_error() -> None:
    with pytest.raises(InputError, match="depth image encoding '32FC3' not supported"):
        fmt.depth_from_raw("32FC3", 2, 2, 24, b"\0" * 48, False)
    with pytest.raises(InputError, match=r"17 bytes \(expected 16\)"):
        fmt.depth_from_raw("32FC1", 2, 2, 8, b"\0" * 17, False)
    with pytest.raises(InputError, match="step 2 is below 4"):
        fmt.depth_from_raw("16UC1", 2, 2, 2, b"\0" * 4, False)
    with pytest.raises(InputError, match="not supported"):
        fmt.raw_from_color(_rgb(), "bayer_rggb8")
    with pytest.raises(InputError, match="not one of"):
        fmt.raw_from_depth(np.ones((2, 2), np.float32), "mono8")


# ------------------------------------------------------------------------------- compressed
def _png_bgr(px: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", px)
    assert ok
    return buf.tobytes()


def test_jpeg_and_png_as_image_transport_writes_them() -> None:
    rgb = _rgb()
    form, data = fmt.compressed_from_color(rgb, "png")
    assert form == "rgb8; png compressed bgr8" and fmt.compressed_size(data) == (W, H)
    assert np.array_equal(fmt.color_from_compressed(form, array.array("B", data), 10_000), rgb)
    smooth = cv2.resize(rgb, (64, 48), interpolation=cv2.INTER_CUBIC)  # JPEG is lossy on noise
    form, data = fmt.compressed_from_color(smooth, "jpeg", 95)
    assert form == "rgb8; jpeg compressed bgr8" and fmt.compressed_size(data) == (64, 48)
    got = fmt.color_from_compressed(form, data, 10_000)
    assert got.shape == smooth.shape and float(np.abs(got.astype(int) - smooth).mean()) < 4.0
    # A bare codec name (a plain JPEG/PNG file, BGR in OpenCV), and the older form without the
    # target note, whose decoded channels are taken to be RGB as image_transport does.
    assert np.array_equal(fmt.color_from_compressed("png", _png_bgr(rgb[..., ::-1]), 10_000), rgb)
    assert np.array_equal(fmt.color_from_compressed("", _png_bgr(rgb[..., ::-1]), 10_000), rgb)
    assert np.array_equal(fmt.color_from_compressed("rgb8; png compressed", _png_bgr(rgb), 10_000), rgb)
    assert np.array_equal(fmt.color_from_compressed("bgr8; png compressed bgr8", _png_bgr(rgb[..., ::-1]), 10_000), rgb)


def test_compressed_grey_16_bit_and_alpha_become_rgb8() -> None:
    grey = _grey_rgb()
    assert np.array_equal(fmt.color_from_compressed("mono8; png compressed ", _png_bgr(grey[..., 0]), 100), grey)
    wide = grey[..., 0].astype(np.uint16) * 257
    assert np.array_equal(fmt.color_from_compressed("mono16; png compressed ", _png_bgr(wide), 100), grey)
    rgb = _rgb()
    bgra = np.dstack([rgb[..., ::-1], np.full((H, W), 9, np.uint8)])
    assert np.array_equal(fmt.color_from_compressed("png", _png_bgr(bgra), 100), rgb)
    bgr16 = rgb[..., ::-1].astype(np.uint16) * 257
    assert np.array_equal(fmt.color_from_compressed("rgb16; png compressed bgr16", _png_bgr(bgr16), 100), rgb)


def test_jpeg_size_is_read_from_the_frame_header_of_baseline_and_progressive_files() -> None:
    bgr = cv2.resize(_rgb(), (37, 23))
    for params in ([], [cv2.IMWRITE_JPEG_PROGRESSIVE, 1]):
        ok, buf = cv2.imencode(".jpg", bgr, params)
        assert ok and fmt.compressed_size(buf.tobytes()) == (37, 23)
    ok, buf = cv2.imencode(".jpg", bgr)
    assert fmt.compressed_size(buf.tobytes()[:20]) is None  # header cut before the frame
    assert fmt.compressed_size(b"GIF89a" + b"\0" * 40) is None


@pytest.mark.parametrize(
    "form,data,message",
    [
        ("jpeg", b"", "has no data"),
        ("rgb8; jpeg compressed bgr8", b"\x00\x01garbage bytes, not a picture", "neither JPEG nor PNG"),
        ("png", b"\x89PNG\r\n\x1a\n" + b"\x07" * 60, "could not be decoded"),
        ("jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 40, "could not be decoded"),
        ("tiff", b"II*\x00" + b"\0" * 20, "'tiff' not supported"),
        ("rgb8; theora compressed bgr8", b"\0" * 20, "not supported"),
        ("16UC1; compressedDepth png", b"\0" * 20, "is a compressed depth image"),
    ],
)
def test_bad_compressed_colour_raises_input_error(form: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        fmt.color_from_compressed(form, data, 10_000)


def test_format_and_data_must_agree_on_the_codec() -> None:
    _, png = fmt.compressed_from_color(_rgb(), "png")
    with pytest.raises(InputError, match="says jpeg, data is png"):
        fmt.color_from_compressed("rgb8; jpeg compressed bgr8", png, 10_000)


def test_oversized_pictures_are_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    rgb = cv2.resize(_rgb(), (40, 30))
    _, png = fmt.compressed_from_color(rgb, "png")
    _, jpeg = fmt.compressed_from_color(rgb, "jpeg")
    # A header that claims 30000 x 20000 pixels: refused from the header, never handed to the decoder.
    huge_png = png[:16] + (30000).to_bytes(4, "big") + (20000).to_bytes(4, "big") + png[24:]
    sof = next(i for i in range(2, len(jpeg) - 1) if jpeg[i] == 0xFF and jpeg[i + 1] in (0xC0, 0xC2))
    huge_jpeg = jpeg[: sof + 5] + (20000).to_bytes(2, "big") + (30000).to_bytes(2, "big") + jpeg[sof + 9:]

    def no_decoding(*args: object) -> None:
        raise AssertionError("decoded an oversized picture")

    monkeypatch.setattr(cv2, "imdecode", no_decoding)
    for data in (huge_png, huge_jpeg):
        with pytest.raises(InputError, match="image of 30000x20000 exceeds 2457600 pixels"):
            fmt.color_from_compressed("", data, 2_457_600)
    with pytest.raises(InputError, match="image of 40x30 exceeds 1000 pixels"):
        fmt.color_from_compressed("png", png, 1000)
    monkeypatch.undo()
    # When the header does not say, the decoded size is checked.
    monkeypatch.setattr(fmt, "compressed_size", lambda data: None)
    with pytest.raises(InputError, match="image of 40x30 exceeds 1000 pixels"):
        fmt.color_from_compressed("png", png, 1000)
    assert fmt.color_from_compressed("png", png, 1200).shape == (30, 40, 3)


def test_parse_compressed_format() -> None:
    p = fmt.parse_compressed_format
    assert p("rgb8; jpeg compressed bgr8") == fmt.CompressedFormat("rgb8", "jpeg", False, True)
    assert p("mono8; jpeg compressed ") == fmt.CompressedFormat("mono8", "jpeg", False, False)
    assert p("16UC1; compressedDepth png") == fmt.CompressedFormat("16UC1", "png", True, False)
    assert p("16UC1; compressedDepth") == fmt.CompressedFormat("16UC1", "png", True, False)
    assert p("32FC1; compressedDepth rvl") == fmt.CompressedFormat("32FC1", "rvl", True, False)
    assert p(" JPG ") == fmt.CompressedFormat("", "jpeg", False, True)


def test_compressed_depth_only_png_16uc1() -> None:
    mm = np.array([[0, 1000, 2500], [65535, 7, 300]], np.uint16)
    png = _png_bgr(mm)
    header = np.array([0], "<i4").tobytes() + np.array([0.0, 0.0], "<f4").tobytes()  # compressed_depth header
    for form, data in (("16UC1; compressedDepth png", header + png), ("16UC1; compressedDepth", header + png),
                       ("16UC1; png compressed ", png), ("mono16; png compressed ", png)):
        got = fmt.depth_from_compressed(form, data, 100)
        assert got.dtype == np.float32 and np.allclose(got, mm * 0.001), form
    for form in ("32FC1; compressedDepth png", "16UC1; compressedDepth rvl", "16UC1; jpeg compressed ", "png"):
        with pytest.raises(InputError, match="not supported: only PNG-compressed 16UC1"):
            fmt.depth_from_compressed(form, header + png, 100)
    with pytest.raises(InputError, match="not one 16-bit channel"):
        fmt.depth_from_compressed("16UC1; png compressed ", _png_bgr(mm.astype(np.uint8)), 100)
    with pytest.raises(InputError, match="exceeds 5 pixels"):
        fmt.depth_from_compressed("16UC1; compressedDepth png", header + png, 5)
    with pytest.raises(InputError, match="has no data"):
        fmt.depth_from_compressed("16UC1; compressedDepth png", b"", 100)


# ------------------------------------------------------------------ camera_node config and mount
CFG = load_config(CameraNodeConfig, config_dir() / "camera_node.yaml", "camera_node")


def test_color_transport_is_raw_or_compressed() -> None:
    assert CFG.color_transport in ("raw", "compressed")
    assert replace(CFG, color_transport="compressed").color_transport == "compressed"
    with pytest.raises(ConfigError, match="color_transport 'theora'"):
        replace(CFG, color_transport="theora")


def test_camera_mount_refuses_a_camera_on_a_movable_joint() -> None:
    desc = robot_description()
    joint = next(j for j in desc.joints.values() if j.child == desc.camera.link)
    moving = replace(desc, joints={**desc.joints, joint.name: replace(joint, type="revolute")})
    with pytest.raises(ConfigError, match="movable joint"):
        camera_mount(moving)
