"""Admin form pieces for articles: tags typed as a plain comma-separated list, and the cover
image with its thumbnail."""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from taggit.forms import TagField

from examportal.text import normalize_text


def split_tags(value):
    """"thi tốt nghiệp, Lai Châu" -> ["Lai Châu", "thi tốt nghiệp"]: commas separate tags, spaces
    belong to them (Vietnamese tags are words of several syllables). Quotes typed around a
    tag, as older forms showed them, are dropped."""
    names = {normalize_text(part).strip().strip('"').strip() for part in (value or "").split(",")}
    return sorted(name for name in names if name)


class CommaTagWidget(forms.TextInput):
    """Shows the tags as typed: "thi tốt nghiệp, Lai Châu", never wrapped in quotes."""

    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            value = ", ".join(sorted(getattr(tag, "name", str(tag)) for tag in value))
        return super().format_value(value)


class CommaTagField(TagField):
    widget = CommaTagWidget
    default_error_messages = {"max_length": gettext_lazy("Mỗi thẻ dài tối đa 100 ký tự.")}

    def clean(self, value):
        value = forms.CharField.clean(self, value)
        names = split_tags(value)
        if any(len(name) > 100 for name in names):
            raise forms.ValidationError(self.error_messages["max_length"], code="max_length")
        return names


class CoverImageWidget(forms.ClearableFileInput):
    """The stored cover as a thumbnail above a file button that is never clipped."""

    template_name = "admin/widgets/cover_image.html"

    def _render(self, template_name, context, renderer=None):
        # The project's templates (templates/admin/), not the form renderer's own folders.
        return mark_safe(render_to_string(template_name, context))  # noqa: S308

    class Media:
        css = {"all": ["css/staff-admin.css"]}
