"""Admin views that replace Django's own where those show more than the user may see."""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse


def staff_preview_url(obj):
    """The admin's preview of an object that is not public yet, when its admin has one."""
    if getattr(obj, "is_public", True):
        return None
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])
    except NoReverseMatch:
        return None


def view_on_site(request, content_type_id, object_id):
    """Django's "view on site" shortcut, for objects the user may open in the admin.

    Any other object answers 404, like one that does not exist: the model must be registered,
    the object in the queryset its admin shows this user, and the user allowed to view it. An
    object not public yet leads to its staff preview rather than to its public address.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ContentType.DoesNotExist, NotRegistered):
        raise Http404("Không tìm thấy đối tượng này.") from None
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("Không tìm thấy đối tượng này.")
    preview = staff_preview_url(obj)
    if preview:
        return redirect(preview)
    return shortcut(request, content_type_id, object_id)
