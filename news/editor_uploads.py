"""Images uploaded from inside the article editor: staff with article rights only.

Replaces django-ckeditor's upload and browse views (see news/urls.py). Every image is checked by
content (JPEG/PNG/WebP, ≤ 10 MB, ≤ 40 MP, no bombs), re-encoded without EXIF and stored under a
generated name in its uploader's own folder. The answer to CKEditor's upload dialog calls back
through an external script, because the staff CSP forbids inline script. The library lists a
contributor's own uploads only; editors pick from every image.
"""

import posixpath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from examportal.uploads import GeneratedPath, strip_image_metadata, validate_image

from . import services

EDITOR_ROOT = settings.CKEDITOR_UPLOAD_PATH.strip("/")  # where the package's browser lists from


def can_upload(user):
    return user.is_active and user.is_staff and (
        user.has_perm("news.add_article") or user.has_perm("news.change_article")
    )


def own_folder(user):
    """The folder, under EDITOR_ROOT, that holds one person's uploads.

    Images uploaded before there were such folders stay in ``editor/<yyyy>/<mm>/`` (articles
    link to them there); the library shows them to editors only.
    """
    return f"u{user.pk}"


def _answer(request, url="", message=""):
    func = request.GET.get("CKEditorFuncNum", "")
    if func.isdigit():
        return HttpResponse(format_html(
            '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tải ảnh</title>'
            '<script src="{}" data-func="{}" data-url="{}" data-message="{}"></script>'
            "</head><body></body></html>",
            static("news/editor-upload.js"), func, url, message,
        ))
    if message:
        return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=400)
    return JsonResponse({"uploaded": 1, "url": url, "fileName": posixpath.basename(url)})


@csrf_exempt  # CKEditor 4 posts without Django's token; the session cookie is SameSite=Lax.
@never_cache
@login_required
@require_POST
def upload(request):
    if not can_upload(request.user):
        raise PermissionDenied("Chỉ cán bộ có quyền viết bài mới được tải ảnh lên.")
    file = request.FILES.get("upload")
    if file is None:
        return _answer(request, message="Chưa chọn tệp ảnh.")
    try:
        kind = validate_image(file)
    except ValidationError as exc:
        return _answer(request, message=" ".join(exc.messages))
    cleaned = strip_image_metadata(file, kind)

    class Holder:
        detected_kind = kind

    path = GeneratedPath(f"{EDITOR_ROOT}/{own_folder(request.user)}")
    name = default_storage.save(path(Holder(), cleaned.name), cleaned)
    return _answer(request, url=default_storage.url(name))


@never_cache
@login_required
def browse(request):
    """The library in django-ckeditor's own page, listing only what this person may pick."""
    if not can_upload(request.user):
        raise PermissionDenied("Chỉ cán bộ có quyền viết bài mới được xem thư viện ảnh.")
    from ckeditor_uploader.forms import SearchForm
    from ckeditor_uploader.views import get_image_files

    from .admin import EDITOR_CSP

    # Editors pick from every image, anybody else from their own uploads.
    folder = "" if services.can_publish(request.user) else own_folder(request.user)
    form = SearchForm(request.POST or None)
    query = form.cleaned_data["q"].lower() if form.is_valid() else ""
    files = []
    for name in sorted(get_image_files(path=folder), reverse=True):
        filename = posixpath.basename(name)
        if query in filename.lower():
            url = default_storage.url(name)
            # No thumbnails are generated: the page shows the image itself, scaled down.
            files.append({"src": url, "thumb": url, "is_image": True,
                          "visible_filename": filename[:19] + "…" if len(filename) > 20 else filename})
    response = render(request, "ckeditor/browse.html",
                      {"files": files, "form": form, "show_dirs": False, "dirs": []})
    response.headers.setdefault("Content-Security-Policy", EDITOR_CSP)  # its template has inline JS
    return response
