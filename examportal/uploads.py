"""Upload checks shared by every app: the kind of a file is read from its bytes, never its name.

Files are stored under generated names (``GeneratedPath``) and images are re-encoded without
any metadata (``strip_image_metadata``, ``encode_image``): no EXIF/GPS, XMP, IPTC, comments, text
chunks or ICC profile. A colour profile is applied to the pixels (converted to sRGB) and dropped,
so a JPEG keeps only a minimal JFIF APP0, a PNG only its image chunks (and transparency), a WebP
only VP8/VP8L/VP8X/ALPH.
"""

import io
import uuid
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MB = 1024 * 1024

# kind -> (file extension, MIME type, label shown to users)
KINDS = {
    "pdf": (".pdf", "application/pdf", "PDF"),
    "jpeg": (".jpg", "image/jpeg", "JPEG"),
    "png": (".png", "image/png", "PNG"),
    "webp": (".webp", "image/webp", "WebP"),
    "doc": (".doc", "application/msword", "Word (DOC)"),
    "xls": (".xls", "application/vnd.ms-excel", "Excel (XLS)"),
    "docx": (
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (DOCX)",
    ),
    "xlsx": (
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (XLSX)",
    ),
    "odt": (".odt", "application/vnd.oasis.opendocument.text", "OpenDocument (ODT)"),
}
IMAGE_KINDS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _head(file, size=65536):
    file.seek(0)
    data = file.read(size)
    file.seek(0)
    return data


def _zip_kind(file):
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].strip()
                if mimetype == b"application/vnd.oasis.opendocument.text":
                    return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        file.seek(0)
    return None


def detect_kind(file):
    """Return the kind of ``file`` from its content (a key of ``KINDS``), or None."""
    head = _head(file)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(_OLE_MAGIC):
        if "WordDocument".encode("utf-16-le") in head:
            return "doc"
        if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
            return "xls"
        return None
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    return None


def validate_upload(file, allowed_kinds, max_bytes):
    """Check size and content kind; return the kind. Raises ValidationError in Vietnamese."""
    if file.size == 0:
        raise ValidationError("Tệp “%(name)s” rỗng.", code="empty", params={"name": file.name})
    if file.size > max_bytes:
        raise ValidationError(
            "Tệp “%(name)s” có dung lượng %(size)s, vượt quá giới hạn %(max)s.",
            code="too_large",
            params={
                "name": file.name,
                "size": filesizeformat(file.size),
                "max": filesizeformat(max_bytes),
            },
        )
    kind = detect_kind(file)
    if kind not in allowed_kinds:
        labels = ", ".join(KINDS[k][2] for k in allowed_kinds)
        raise ValidationError(
            "Tệp “%(name)s” không phải là tệp hợp lệ. Chỉ chấp nhận: %(labels)s.",
            code="bad_kind",
            params={"name": file.name, "labels": labels},
        )
    return kind


def validate_image(file, allowed_kinds=("jpeg", "png", "webp"), max_bytes=10 * MB,
                   max_pixels=40_000_000):
    """Check an image by content: kind, size, pixel count; refuse decompression bombs."""
    kind = validate_upload(file, allowed_kinds, max_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        "Ảnh “%(name)s” quá lớn (%(w)s × %(h)s điểm ảnh); tối đa %(max)s triệu "
                        "điểm ảnh.",
                        code="too_many_pixels",
                        params={"name": file.name, "w": width, "h": height,
                                "max": max_pixels // 1_000_000},
                    )
                if image.format != IMAGE_KINDS[kind]:
                    raise ValidationError("Ảnh “%(name)s” bị hỏng.", code="corrupt",
                                          params={"name": file.name})
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            "Ảnh “%(name)s” bị từ chối vì có thể là tệp nén độc hại (quá nhiều điểm ảnh).",
            code="decompression_bomb",
            params={"name": file.name},
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError("Ảnh “%(name)s” bị hỏng hoặc không đọc được.", code="corrupt",
                              params={"name": file.name}) from exc
    finally:
        file.seek(0)
    return kind


# The only thing of ``Image.info`` an encoder may see: which colour is transparent.
_KEPT_INFO = ("transparency",)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image):
    """Apply an embedded ICC profile to the pixels (RGB, RGBA, CMYK); the profile is not kept."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # an unusable profile: the pixels as they are, the profile still dropped


def encode_image(image, kind, **options):
    """Encode ``image`` as ``kind`` (a key of ``IMAGE_KINDS``) with no metadata; return bytes.

    Pillow's encoders read ``image.info`` (a JPEG comment, a PNG profile) and ``encoderinfo``,
    so the pixels are saved from a copy that carries neither; ``options`` must be encoder
    settings (quality, method...), never metadata.
    """
    clean = image.copy()
    clean.info = {key: image.info[key] for key in _KEPT_INFO if key in image.info}
    output = io.BytesIO()
    clean.save(output, format=IMAGE_KINDS[kind], **options)
    return output.getvalue()


def strip_image_metadata(file, kind):
    """Re-encode an image upright, in sRGB and without any metadata; return a ContentFile."""
    with Image.open(file) as image:
        image = _to_srgb(ImageOps.exif_transpose(image))
        if kind == "jpeg" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options = {"quality": 88, "optimize": True} if kind in ("jpeg", "webp") else {}
        data = encode_image(image, kind, **options)
    file.seek(0)
    return ContentFile(data, name=f"image{KINDS[kind][0]}")


@deconstructible
class GeneratedPath:
    """``upload_to`` that stores a file as ``<prefix>/<yyyy>/<mm>/<random hex><ext>``.

    The extension comes from the content kind when the form set ``file.detected_kind``, so a
    name chosen by the uploader never reaches the disk.
    """

    def __init__(self, prefix):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename):
        kind = getattr(instance, "detected_kind", None)
        if kind in KINDS:
            extension = KINDS[kind][0]
        else:
            known = {ext for ext, _mime, _label in KINDS.values()}
            suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
            extension = suffix if suffix in known else ".bin"
        now = timezone.now()
        return f"{self.prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, GeneratedPath) and other.prefix == self.prefix


# --- Request-size limits for public forms with files --------------------------------------------


class SizeLimitUploadHandler(FileUploadHandler):
    """Placed first in ``request.upload_handlers`` (``limit_uploads``): a file over ``limit``
    bytes is skipped while the request streams in (it never reaches the disk) and its name is
    remembered in ``skipped``, so the form can say so and keep everything typed."""

    def __init__(self, request=None, limit=0):
        super().__init__(request)
        self.limit = limit
        self.skipped = []
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.skipped.append(self.file_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_uploads(request, per_file_bytes):
    """Put a size-limit handler in front of the request's handlers; returns it."""
    handler = SizeLimitUploadHandler(request, per_file_bytes)
    request.upload_handlers.insert(0, handler)
    return handler


def body_too_large(request, max_bytes):
    """True when the declared body is over ``max_bytes`` (or unreadable): refuse before reading."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > max_bytes
