from examportal.sitemaps import PortalSitemap

from .models import Document


class DocumentSitemap(PortalSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return (
            Document.objects.published()
            .only("pk", "number", "document_type", "updated_at")
            .order_by("-issue_date", "-pk")
        )

    def lastmod(self, document):
        return document.updated_at
