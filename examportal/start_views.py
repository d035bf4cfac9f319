"""One way in for every staff member: the sign-in page (``/admin/login/``, and the exam sites'
``/lich-thi/dang-nhap/``), the landing after signing in and the start page ``/quan-ly/``.

What a user may do comes from the apps' ``staff_start`` sections (examportal.staffstart); the
core names no app. Site staff and unit staff are not admin users (``is_staff`` False): they
sign in here too and never meet the admin's "wrong password".
"""

from urllib.parse import urlsplit

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from . import staffstart


def start_url(user, found=None):
    """Where ``user`` starts: their most pressing task, else the start page."""
    return staffstart.landing(user, found) or reverse("staff:start")


def useful_next(user, target):
    """Whether a (safe) ``next`` is worth following for ``user``: not the admin's index or the
    start page (those only mean "somewhere to start"), and not the admin for an account that
    cannot use it."""
    if not target:
        return False
    path = urlsplit(target).path
    admin_index = reverse("admin:index")
    if path in (admin_index, reverse("staff:start"), reverse("admin:login")):
        return False
    return user.is_staff or not path.startswith(admin_index)


class SignInView(auth_views.LoginView):
    """A light page that works on a phone; after it, each user lands on their work."""

    template_name = "admin/start/login.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not useful_next(user, self.get_redirect_url()):
            # Signed in already, sent here for no page in particular (e.g. a site officer who
            # opened /admin/): to their work, not to a sign-in form that loops.
            return redirect(start_url(user))
        return super().get(request, *args, **kwargs)

    def get_success_url(self):
        target = self.get_redirect_url()
        user = self.request.user
        return target if useful_next(user, target) else start_url(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [("Đăng nhập", None)]
        return context


@method_decorator(never_cache, name="dispatch")
class StartView(LoginRequiredMixin, TemplateView):
    """Everything this user may do, from every app, and nothing else."""

    template_name = "admin/start/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = staffstart.sections(self.request.user)
        context["breadcrumbs"] = [("Trang làm việc", None)]
        return context


class SignOutView(auth_views.LogoutView):
    next_page = "staff:login"


@method_decorator(never_cache, name="dispatch")
class StaffView(PermissionRequiredMixin, View):
    """The apps' staff screens: signing in (the one sign-in page, settings.LOGIN_URL), then a
    permission (the Vietnamese 403 page otherwise); never cached. With ``any_of``, the
    permissions in ``permission_required`` are alternatives."""

    any_of = False

    def has_permission(self):
        perms = self.get_permission_required()
        check = any if self.any_of else all
        return check(self.request.user.has_perm(perm) for perm in perms)
