import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from examportal.uploads import (
    IMAGE_KINDS,
    MB,
    GeneratedPath,
    detect_kind,
    encode_image,
    strip_image_metadata,
    validate_image,
    validate_upload,
)
from tests.metadata_images import (
    HOSTILE,
    PHONE,
    XMP,
    exif_bytes,
    has_all_metadata,
    hostile_png,
    icc_bytes,
    metadata_problems,
)


def image_bytes(fmt="JPEG", size=(40, 30), exif=False):
    output = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera maker"  # Make
        data[0x8825] = {2: (21.0, 24.0, 0.0)}  # GPS latitude
        kwargs["exif"] = data.tobytes()
    image.save(output, format=fmt, **kwargs)
    return output.getvalue()


def zip_bytes(entries):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return output.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.4\n1 0 obj\n", "pdf"),
        (image_bytes("JPEG"), "jpeg"),
        (image_bytes("PNG"), "png"),
        (image_bytes("WEBP"), "webp"),
        (OLE + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), "doc"),
        (OLE + b"\x00" * 100 + "Workbook".encode("utf-16-le"), "xls"),
        (zip_bytes({"[Content_Types].xml": "x", "word/document.xml": "x"}), "docx"),
        (zip_bytes({"[Content_Types].xml": "x", "xl/workbook.xml": "x"}), "xlsx"),
        (zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text"}), "odt"),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),  # a Windows executable
        (b"#!/bin/sh\nrm -rf /\n", None),
        (b"<html><script>alert(1)</script></html>", None),
        (zip_bytes({"evil.exe": "MZ"}), None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_detect_kind_reads_content(content, kind):
    assert detect_kind(io.BytesIO(content)) == kind


def test_renamed_executable_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("quyet-dinh.pdf", b"MZ\x90\x00" + b"\x00" * 200), {"pdf"}, MB)
    assert "không phải là tệp hợp lệ" in excinfo.value.messages[0]
    assert "PDF" in excinfo.value.messages[0]


def test_oversized_file_is_refused_with_sizes():
    content = b"%PDF-1.4\n" + b"0" * (2 * MB)
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("big.pdf", content), {"pdf"}, MB)
    assert "vượt quá giới hạn" in excinfo.value.messages[0]
    assert excinfo.value.code == "too_large"


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload("empty.pdf", b""), {"pdf"}, MB)
    assert excinfo.value.code == "empty"


def test_valid_image_passes_and_wrong_kind_fails():
    assert validate_image(upload("anh.jpg", image_bytes("JPEG"))) == "jpeg"
    assert validate_image(upload("anh.jpg", image_bytes("PNG"))) == "png"  # name is ignored
    with pytest.raises(ValidationError):
        validate_image(upload("anh.gif", image_bytes("GIF")))


def test_too_many_pixels_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_image(upload("big.png", image_bytes("PNG", size=(200, 200))), max_pixels=10_000)
    assert excinfo.value.code == "too_many_pixels"


def test_decompression_bomb_refused_without_decoding():
    # A small PNG whose header claims 30000 x 30000 pixels: refused from the header alone.
    bomb = io.BytesIO()
    Image.new("1", (30000, 30000)).save(bomb, format="PNG", optimize=True)
    assert len(bomb.getvalue()) < 2 * MB
    with pytest.raises(ValidationError) as excinfo:
        validate_image(upload("bomb.png", bomb.getvalue()))
    assert excinfo.value.code in ("too_many_pixels", "decompression_bomb")


def test_truncated_image_refused():
    content = image_bytes("PNG", size=(200, 200))[:60]
    with pytest.raises(ValidationError) as excinfo:
        validate_image(upload("broken.png", content))
    assert excinfo.value.code == "corrupt"


def test_strip_image_metadata_removes_exif():
    original = image_bytes("JPEG", exif=True)
    assert Image.open(io.BytesIO(original)).getexif()
    cleaned = strip_image_metadata(upload("anh.jpg", original), "jpeg")
    reopened = Image.open(io.BytesIO(cleaned.read()))
    assert not reopened.getexif()
    assert reopened.size == (40, 30)
    assert cleaned.name.endswith(".jpg")


def test_generated_path_never_uses_uploaders_name():
    class Instance:
        detected_kind = "pdf"

    path = GeneratedPath("documents")(Instance(), "../../etc/passwd;rm -rf.php")
    assert path.startswith("documents/")
    assert path.endswith(".pdf")
    assert "passwd" not in path and ".." not in path
    other = GeneratedPath("documents")(object(), "script.php")
    assert other.endswith(".bin")
    assert GeneratedPath("documents")(object(), "Quyết định.PDF").endswith(".pdf")


# Issue 14, item 7: no metadata segment or chunk survives, whatever the format.


def test_jpeg_comment_right_after_soi_is_dropped():
    """The finding itself: a COM segment with a phone number stayed in every stored JPEG."""
    original = image_bytes("JPEG")
    original = original[:2] + b"\xff\xfe" + (len(PHONE) + 2).to_bytes(2, "big") + PHONE + original[2:]
    assert Image.open(io.BytesIO(original)).info["comment"] == PHONE
    cleaned = strip_image_metadata(upload("anh.jpg", original), "jpeg").read()
    assert metadata_problems(cleaned) == []
    assert "comment" not in Image.open(io.BytesIO(cleaned)).info


@pytest.mark.parametrize("kind", ["jpeg", "png", "webp"])
def test_strip_image_metadata_leaves_no_segment_chunk_or_trailer(kind):
    original = HOSTILE[kind]()
    assert has_all_metadata(original)
    cleaned = strip_image_metadata(upload("anh", original), kind)
    data = cleaned.read()
    assert metadata_problems(data) == []
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == IMAGE_KINDS[kind] and image.size == (64, 48)
        assert not set(image.info) & {"comment", "exif", "icc_profile", "xmp", "photoshop"}
        assert not image.getexif()
        red, green, blue = image.convert("RGB").getpixel((10, 10))
    expected = Image.open(io.BytesIO(original)).convert("RGB").getpixel((10, 10))
    assert all(abs(a - b) <= 8 for a, b in zip((red, green, blue), expected, strict=True))


def test_transparent_png_keeps_its_alpha_and_nothing_else():
    cleaned = strip_image_metadata(upload("a.png", hostile_png(mode="RGBA")), "png").read()
    assert metadata_problems(cleaned) == []
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 128


def test_palette_png_keeps_its_transparent_colour():
    output = io.BytesIO()
    image = Image.new("P", (16, 16), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PHONE.decode())
    image.save(output, format="PNG", transparency=1, pnginfo=info)
    cleaned = strip_image_metadata(upload("p.png", output.getvalue()), "png").read()
    assert metadata_problems(cleaned) == []
    with Image.open(io.BytesIO(cleaned)) as reopened:
        assert reopened.convert("RGBA").getpixel((3, 3))[3] == 0


def test_cmyk_jpeg_with_a_profile_that_does_not_fit_becomes_plain_rgb():
    """No APP2 (ICC), no APP14 (Adobe) in the result, and the colour is still red."""
    output = io.BytesIO()
    Image.new("CMYK", (20, 20), (0, 255, 255, 0)).save(output, format="JPEG",
                                                         icc_profile=icc_bytes())
    cleaned = strip_image_metadata(upload("cmyk.jpg", output.getvalue()), "jpeg").read()
    assert metadata_problems(cleaned) == []
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.mode == "RGB" and "icc_profile" not in image.info
        red, green, blue = image.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


def test_encode_image_ignores_whatever_the_image_carries():
    image = Image.new("RGB", (8, 8))
    image.info.update({"comment": PHONE, "exif": exif_bytes(), "icc_profile": icc_bytes(),
                       "xmp": XMP, "dpi": (300, 300)})
    image.encoderinfo = {"comment": PHONE, "xmp": XMP}  # Pillow reads this too
    for kind in ("jpeg", "png", "webp"):
        assert metadata_problems(encode_image(image, kind)) == [], kind
