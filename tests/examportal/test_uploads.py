import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from examportal.uploads import (
    MB,
    GeneratedPath,
    detect_kind,
    strip_image_metadata,
    validate_image,
    validate_upload,
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
