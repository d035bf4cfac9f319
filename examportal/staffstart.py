"""Where each staff member starts: every app says what a user may do there (``staff_start``).

An app declares ``"staff_start": ["app.start.section"]`` in its ``contributes``; each is
``f(user) -> StartSection | None`` (None when the user has nothing to do in that app). The
start page lists the sections the user gets and nothing else; after signing in, a user lands
on the ``landing`` URL of their most pressing section (lowest ``priority``), or on the start
page when none has one. The consumers: ``examportal.start_views`` (the sign-in page's landing,
the start page ``/quan-ly/``) and the admin's home (``templates/admin/index.html``).
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import capfirst


@dataclass(frozen=True)
class StartLink:
    label: str
    url: str
    description: str = ""
    # A count shown beside the link (e.g. reports waiting), None when it has none.
    count: int | None = None
    # The permission the link needs ("app_label.codename"), for checking what a page offers.
    permission: str = ""


@dataclass(frozen=True)
class StartSection:
    title: str
    links: list[StartLink] = field(default_factory=list)
    # Where this role's first task is (e.g. the review queue); None to land on the start page.
    landing: str | None = None
    priority: int = 100
    # A short line under the title (e.g. the exam site the account belongs to).
    note: str = ""


def admin_link(user, label, url_name, permission, **kwargs):
    """A link into the admin, when ``user`` may use the admin and holds ``permission``."""
    if not (user.is_staff and user.has_perm(permission)):
        return None
    return StartLink(label, reverse(url_name), permission=permission, **kwargs)


def admin_list_links(user, app_label, skip=()):
    """Links to the admin lists of ``app_label`` that ``user`` may view, in the admin's order,
    but for the models named (lower case) in ``skip``, which the app links otherwise."""
    from django.contrib import admin

    if not user.is_staff:
        return []
    links = []
    for model in sorted(admin.site._registry, key=lambda m: m._meta.verbose_name_plural):
        opts = model._meta
        if opts.app_label != app_label or opts.model_name in skip:
            continue
        permission = next((f"{app_label}.{action}_{opts.model_name}" for action in ("view", "change")
                           if user.has_perm(f"{app_label}.{action}_{opts.model_name}")), None)
        if permission:
            links.append(StartLink(
                capfirst(opts.verbose_name_plural),
                reverse(f"admin:{app_label}_{opts.model_name}_changelist"), permission=permission))
    return links


def sections(user):
    """The start sections ``user`` gets from every installed app (the union of their groups'
    tasks), most pressing first; none for an anonymous or inactive user."""
    from . import registry

    if not (user.is_authenticated and user.is_active):
        return []
    found = [section for contribute in registry.contributions("staff_start")
             if (section := contribute(user)) is not None and section.links]
    return sorted(found, key=lambda section: section.priority)


def landing(user, found=None):
    """Where ``user`` arrives after signing in: the most pressing section's landing, else None
    (the start page)."""
    for section in sections(user) if found is None else found:
        if section.landing:
            return section.landing
    return None

