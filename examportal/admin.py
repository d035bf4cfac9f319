"""Accounts and groups in the admin, under the rules of ``examportal.accounts``.

Django's own user admin lets anybody with "change user" tick "superuser" or give any
permission, their own account included. Here the fields a person may not change are read-only,
their choices hold only what that person may grant, and whatever arrives in a POST beyond that
(a crafted form) is ignored: rights the editor may not touch are kept as they were.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from . import accounts
from .text import person_name

PROTECTED_HELP = ("Tài khoản này là quản trị cấp cao hoặc có quyền đặc biệt (xem danh tính người "
                  "phản ánh): chỉ quản trị cấp cao được thay đổi.")


class RightsFormMixin:
    """Limits the rights fields to what the request's user may grant."""

    rights_fields = ()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        actor = request.user
        grantable = {"groups": accounts.grantable_groups(actor),
                     "user_permissions": accounts.grantable_permissions(actor),
                     "permissions": accounts.grantable_permissions(actor)}

        class RightsForm(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                for name in self.admin_rights_fields:
                    if name not in self.fields:
                        continue
                    field = self.fields[name]
                    field.queryset = grantable[name]
                    kept = accounts.merge_rights(actor, [], self._current(name), grantable[name])
                    if kept:
                        field.help_text = (
                            f"{field.help_text} Giữ nguyên, chỉ quản trị cấp cao thay đổi được: "
                            f"{', '.join(str(obj) for obj in kept)}.")
                    if self.is_bound and kept:
                        # What the account already has beyond the editor's reach is kept by
                        # _post_clean, not chosen here: the browser may still send it.
                        kept_ids = {str(obj.pk) for obj in kept}
                        self.data = self.data.copy()
                        self.data.setlist(name, [v for v in self.data.getlist(name)
                                                 if v not in kept_ids])

            def _current(self, name):
                return list(getattr(self.instance, name).all()) if self.instance.pk else []

            def _post_clean(self):
                for name in self.admin_rights_fields:
                    if name in self.cleaned_data and self.instance.pk:
                        self.cleaned_data[name] = accounts.merge_rights(
                            actor, self.cleaned_data[name], self._current(name), grantable[name])
                super()._post_clean()

        RightsForm.admin_rights_fields = self.rights_fields
        RightsForm.__name__ = form.__name__
        return RightsForm

    def changeform_view(self, request, *args, **kwargs):
        with accounts.acting_as(request.user, f"trang quản trị ({self.opts.verbose_name})"):
            return super().changeform_view(request, *args, **kwargs)


def family_name_first(fields):
    """The fields with "last_name" (họ và tên đệm) moved before "first_name" (tên)."""
    if "first_name" not in fields or "last_name" not in fields:
        return fields
    rest = [f for f in fields if f != "last_name"]
    at = rest.index("first_name")
    return (*rest[:at], "last_name", *rest[at:])


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(RightsFormMixin, UserAdmin):
    rights_fields = ("groups", "user_permissions")
    # Vietnamese names: family name first ("Lường Thị Hoa"), in the list and on the form.
    list_display = ("username", "full_name", "email", "is_staff", "is_active")
    search_fields = ("username", "last_name", "first_name", "email")
    ordering = ("last_name", "first_name", "username")

    @admin.display(description="họ và tên", ordering="last_name")
    def full_name(self, obj):
        return person_name(obj, "—") if (obj.last_name or obj.first_name) else "—"

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None:
            return accounts.may_change_account(request.user, obj)
        return allowed

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        if obj is not None and not accounts.may_change_rights(request.user, obj):
            readonly.extend(accounts.RIGHTS_FIELDS)
        return list(dict.fromkeys(readonly))

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, {**options, "fields": family_name_first(options.get("fields", ()))})
                     for name, options in super().get_fieldsets(request, obj)]
        if obj is not None and not accounts.may_change_account(request.user, obj):
            fieldsets = [*fieldsets, ("Giới hạn", {"fields": (), "description": PROTECTED_HELP})]
        return fieldsets


@admin.register(Group)
class PortalGroupAdmin(RightsFormMixin, GroupAdmin):
    rights_fields = ("permissions",)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and not request.user.is_superuser:
            # Changing a group changes its members' rights: only one whose every permission the
            # editor may grant, and never the editor's own group.
            grantable = accounts.grantable_groups(request.user)
            return (grantable.filter(pk=obj.pk).exists()
                    and not request.user.groups.filter(pk=obj.pk).exists())
        return allowed
