from django.views.generic import TemplateView


class DocumentListView(TemplateView):
    extra_context = {"breadcrumbs": [("Văn bản", None)]}
    template_name = "documents/document_list.html"
