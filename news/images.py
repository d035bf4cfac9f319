"""Cover images: checked and cleaned on upload, served as responsive renditions."""

import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from examportal.uploads import encode_image, strip_image_metadata, validate_image

RENDITION_WIDTHS = (320, 640, 960, 1280)


def clean_cover_upload(file):
    """Validate an uploaded image by content and return (kind, a metadata-free copy).

    Raises ValidationError (Vietnamese) for a wrong kind, > 10 MB, > 40 MP or a bomb.
    """
    kind = validate_image(file)
    cleaned = strip_image_metadata(file, kind)
    cleaned.name = f"cover{posixpath.splitext(cleaned.name)[1]}"
    return kind, cleaned


def make_renditions(article, save=True):
    """Write WebP renditions of the cover at the widths below its own; store their list."""
    renditions = []
    if article.cover_image:
        stem = posixpath.splitext(article.cover_image.name)[0]
        with article.cover_image.open("rb") as source, Image.open(source) as image:
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA" if "transparency" in image.info else "RGB")
            for width in RENDITION_WIDTHS:
                if width >= image.width:
                    break
                height = round(image.height * width / image.width)
                resized = image.resize((width, height), Image.Resampling.LANCZOS)
                data = encode_image(resized, "webp", quality=80, method=4)
                name = default_storage.save(f"{stem}-{width}w.webp", ContentFile(data))
                renditions.append({"width": width, "height": height, "name": name})
    article.cover_renditions = renditions
    if save:
        type(article).objects.filter(pk=article.pk).update(cover_renditions=renditions)
    return renditions


def srcset(article):
    """The ``srcset`` value: renditions plus the original at its own width."""
    if not article.cover_image:
        return ""
    items = [f"{default_storage.url(r['name'])} {r['width']}w" for r in article.cover_renditions]
    if article.cover_width:
        items.append(f"{article.cover_image.url} {article.cover_width}w")
    return ", ".join(items)
