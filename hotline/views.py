from django.views.generic import TemplateView


class HotlineView(TemplateView):
    extra_context = {"breadcrumbs": [("Đường dây nóng", None)]}
    template_name = "hotline/index.html"
