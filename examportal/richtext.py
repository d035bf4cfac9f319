"""The project's one rich-text field: CKEditor for staff, sanitised HTML in the database.

Swapping the editor means changing ``RichTextFormField``'s widget here and nowhere else.
"""

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.db import models

from .sanitizer import sanitize_html
from .text import normalize_text


class RichTextFormField(forms.CharField):
    widget = CKEditorUploadingWidget

    def clean(self, value):
        return sanitize_html(normalize_text(super().clean(value)))


class RichTextField(models.TextField):
    """A TextField whose value is sanitised with the allow-list on every write."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(normalize_text(getattr(model_instance, self.attname)))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return sanitize_html(normalize_text(value)) if value else value

    def formfield(self, **kwargs):
        kwargs["form_class"] = RichTextFormField
        # The admin hands every TextField a plain textarea; the editor widget wins here.
        kwargs["widget"] = RichTextFormField.widget
        return super().formfield(**kwargs)
