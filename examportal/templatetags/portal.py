import json

from django import template
from django.utils.safestring import mark_safe

from examportal import text

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one).

    ``{% query_with page=3 %}`` keeps filters and search terms, so a filtered list can be
    paginated and shared.
    """
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj, label="Phân trang"):
    """Page links: first, previous, a window around the current page, next, last."""
    paginator = page_obj.paginator
    current = page_obj.number
    window = range(max(1, current - 2), min(paginator.num_pages, current + 2) + 1)
    return {
        "request": context["request"],
        "page_obj": page_obj,
        "paginator": paginator,
        "window": window,
        "label": label,
    }


@register.filter
def person_name(user):
    """``{{ user|person_name }}``: family name first (examportal.text.person_name)."""
    return text.person_name(user)


# Django's json_script escaping: no text in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter(is_safe=True)
def json_ld(data):
    """``<script type="application/ld+json">{{ data|json_ld }}</script>``: a schema.org object
    as JSON (keys whose value is None left out) that cannot break out of its element."""
    data = {key: value for key, value in data.items() if value is not None}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308
