"""State changes of the document registry, each with its rules, called by views, admin and demo."""

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from examportal.text import normalize_text, strip_diacritics
from examportal.uploads import MB, validate_upload

from .models import Document, DocumentFile

ALLOWED_KINDS = ("pdf", "doc", "docx", "xls", "xlsx", "odt")
MAX_FILE_BYTES = 20 * MB
PUBLISH_PERMISSION = "documents.publish_document"

_UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9 ._()\-]+")


def validate_document_file(file):
    """Check a document upload by content and size; return its kind (ValidationError otherwise)."""
    return validate_upload(file, ALLOWED_KINDS, MAX_FILE_BYTES)


def max_admin_request_bytes():
    """How large a request to the admin may be (``request_body_limits`` in
    DocumentsConfig.contributes): the document form saves a document with its files, three at
    the limit per save, plus its text."""
    return 3 * MAX_FILE_BYTES + MB


def prepare_file(document_file, upload, kind=None):
    """Fill a DocumentFile from an upload: content kind (so the stored name gets the right
    extension), size and the uploader's file name (kept for reference only)."""
    kind = kind or validate_document_file(upload)
    document_file.kind = kind
    document_file.detected_kind = kind
    document_file.size = upload.size
    document_file.original_name = normalize_text(upload.name or "")[-255:]
    document_file.file = upload
    return document_file


@transaction.atomic
def attach_file(document, upload, label="", position=None):
    """Validate and attach a file to a document; nothing is saved when the file is refused."""
    kind = validate_document_file(upload)
    if position is None:
        position = document.files.count()
    document_file = DocumentFile(document=document, label=normalize_text(label).strip(), position=position)
    prepare_file(document_file, upload, kind)
    document_file.save()
    return document_file


def _check_can_publish(user):
    if user is not None and not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Bạn không có quyền đăng tải hoặc gỡ văn bản.")


@transaction.atomic
def save_document(document, *, user=None, changed_fields=()):
    """Save a document edited by ``user``; publishing or scheduling needs the publish right."""
    if {"is_published", "published_at"} & set(changed_fields):
        _check_can_publish(user)
    document.save()
    return document


@transaction.atomic
def publish_document(document, *, user=None, at=None):
    """Publish now, or at ``at`` (scheduled: visible when that time comes, no job needed)."""
    _check_can_publish(user)
    document.is_published = True
    document.published_at = at or document.published_at or timezone.now()
    document.save(update_fields=["is_published", "published_at", "updated_at"])
    return document


@transaction.atomic
def unpublish_document(document, *, user=None):
    """Take a document off the public registry; it and its files stay for the record."""
    _check_can_publish(user)
    document.is_published = False
    document.save(update_fields=["is_published", "updated_at"])
    return document


def record_download(document_file):
    """Count one download of a file and of its document, atomically (concurrent downloads all count)."""
    with transaction.atomic():
        DocumentFile.objects.filter(pk=document_file.pk).update(download_count=F("download_count") + 1)
        Document.objects.filter(pk=document_file.document_id).update(
            download_count=F("download_count") + 1
        )


def download_filename(document_file, max_length=150):
    """The name a downloaded file gets: number and excerpt, in Vietnamese.

    "08/CT-UBND" + "Về việc tăng cường…" → "08-CT-UBND Về việc tăng cường….pdf". Slashes and
    characters no file system accepts become hyphens; a label (Phụ lục 1) is appended.
    """
    document = document_file.document
    stem = f"{document.number} {document.excerpt}"
    if document_file.label:
        stem = f"{stem} - {document_file.label}"
    stem = _UNSAFE_IN_FILENAME.sub("-", normalize_text(stem))
    stem = " ".join(stem.split()).strip(" .-")
    if len(stem) > max_length:
        stem = stem[:max_length].rsplit(" ", 1)[0].rstrip(" .,;-")
    return f"{stem or 'van-ban'}{document_file.extension}"


def ascii_filename(filename):
    """An ASCII fallback for old clients: diacritics removed, anything else unsafe dropped."""
    return " ".join(_NOT_ASCII_SAFE.sub("", strip_diacritics(filename)).split()) or "van-ban"
