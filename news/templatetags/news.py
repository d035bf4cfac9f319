from django import template

from ..images import srcset

register = template.Library()


@register.inclusion_tag("news/includes/cover.html")
def cover(article, sizes="(min-width: 48rem) 45rem, 100vw", loading="lazy", css_class=""):
    """The cover image with its renditions, width and height (so the page does not jump)."""
    return {
        "article": article,
        "srcset": srcset(article) if article.cover_image else "",
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }


@register.filter
def sanitized(html):
    """Stored bodies are sanitised on save; this repeats it at render as a second wall."""
    from django.utils.safestring import mark_safe

    from examportal.sanitizer import sanitize_html

    return mark_safe(sanitize_html(html))  # noqa: S308 -- allow-list output
