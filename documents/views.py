import logging
from urllib.parse import quote

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from examportal.protected import accel_response

from . import services
from .forms import DocumentFilterForm
from .models import Document, DocumentFile, Issuer

logger = logging.getLogger(__name__)

REGISTRY_TITLE = "Văn bản chỉ đạo, hướng dẫn"


class DocumentListView(ListView):
    """The registry: newest first, 20 a page; filters and search stay in the URL."""

    template_name = "documents/document_list.html"
    context_object_name = "documents"
    paginate_by = 20

    def get_queryset(self):
        self.issuers = list(Issuer.objects.all())
        years = (
            Document.objects.published().order_by("-exam_year").values_list("exam_year", flat=True).distinct()
        )
        self.form = DocumentFilterForm(self.request.GET, issuers=self.issuers, years=list(years))
        self.filters = self.form.filters()
        documents = Document.objects.published()
        if "q" in self.filters:
            documents = documents.search(self.filters["q"])
        if "type" in self.filters:
            documents = documents.filter(document_type=self.filters["type"])
        if "issuer" in self.filters:
            documents = documents.filter(issuer__slug=self.filters["issuer"])
        if "year" in self.filters:
            documents = documents.filter(exam_year=self.filters["year"])
        return documents.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            filters=self.filters,
            query=self.filters.get("q", ""),
            too_long=self.form.too_long,
            breadcrumbs=[(REGISTRY_TITLE, None)],
            registry_title=REGISTRY_TITLE,
        )
        return context


class DocumentDetailView(DetailView):
    """A document: every field in a definition list, its files, related articles, JSON-LD.

    Staff with the view permission may preview a document that is not public yet (never cached).
    """

    template_name = "documents/document_detail.html"
    context_object_name = "document"

    def get_object(self, queryset=None):
        documents = Document.objects.select_related("issuer").prefetch_related("files")
        document = documents.published().filter(pk=self.kwargs["pk"]).first()
        self.preview = False
        if document is None:
            # Only here is the session read: public pages stay cookie-free and cacheable.
            if not self.request.user.has_perm("documents.view_document"):
                raise Http404("Không tìm thấy văn bản.")
            document = get_object_or_404(documents, pk=self.kwargs["pk"])
            self.preview = True
        return document

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            url = self.get_url()
            return redirect(url, permanent=not self.preview)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if self.preview:
            patch_cache_control(response, private=True, no_store=True)
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        context.update(
            preview=self.preview,
            files=list(document.files.all()),
            related_articles=self.related_articles(document),
            breadcrumbs=[(REGISTRY_TITLE, reverse("documents:list")), (document.title, None)],
            json_ld=self.json_ld(document),
        )
        return context

    def related_articles(self, document):
        from news.models import Article

        return list(Article.objects.published().filter(related_documents=document).for_listing()[:10])

    def json_ld(self, document):
        from django.conf import settings

        base = settings.SITE_URL
        data = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": strip_tags(document.excerpt),
            "legislationIdentifier": document.number,
            "legislationType": document.get_document_type_display(),
            "legislationDate": document.issue_date.isoformat(),
            "legislationPassedBy": {"@type": "GovernmentOrganization", "name": document.issuer.name},
            "inLanguage": "vi",
            "url": base + document.get_absolute_url(),
            "datePublished": document.published_at.isoformat() if document.published_at else None,
            "encoding": [
                {
                    "@type": "MediaObject",
                    "contentUrl": base + f.get_absolute_url(),
                    "encodingFormat": f.content_type,
                    "contentSize": f"{f.size} B",
                }
                for f in document.files.all()
            ],
        }
        if document.effective_date:
            data["legislationDateOfApplicability"] = document.effective_date.isoformat()
        if document.signer:
            data["author"] = {"@type": "Person", "name": document.signer, "jobTitle": document.signer_title}
        return data


class DocumentPrintView(DocumentDetailView):
    """A plain page for printing: the record and the file list, no navigation."""

    template_name = "documents/document_print.html"

    def get_url(self):
        return self.object.get_print_url()


def _content_disposition(disposition, filename):
    fallback = services.ascii_filename(filename).replace('"', "")
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _serve(request, pk, inline):
    document_file = get_object_or_404(
        DocumentFile.objects.select_related("document__issuer"), pk=pk
    )
    document = document_file.document
    public = document.is_public
    if not public and not request.user.has_perm("documents.view_document"):
        raise Http404("Không tìm thấy tệp.")
    if inline and not document_file.is_pdf:
        return redirect(document_file.get_absolute_url())
    try:
        # Behind nginx the file is sent by nginx (X-Accel-Redirect) once this view has checked
        # and counted the request; without it, streamed from here.
        response = accel_response(document_file.file, document_file.content_type)
        if response is None:
            handle = document_file.file.storage.open(document_file.file.name, "rb")
            response = FileResponse(handle, content_type=document_file.content_type)
    except FileNotFoundError as exc:
        logger.error("Missing file %s of document %s", document_file.file.name, document.pk)
        raise Http404("Tệp không còn trên máy chủ.") from exc
    filename = services.download_filename(document_file)
    response["Content-Disposition"] = _content_disposition("inline" if inline else "attachment", filename)
    response["X-Content-Type-Options"] = "nosniff"
    # A file is data, never a page: nothing in it may run or be framed.
    policy = "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
    response["Content-Security-Policy"] = policy if inline else f"{policy}; sandbox"
    # Every download must reach the server to be counted; drafts are never stored by a cache.
    patch_cache_control(response, no_cache=True, **({"public": True} if public else {"private": True}))
    if not public:
        response["X-Robots-Tag"] = "noindex"
    if request.method == "GET":
        services.record_download(document_file)
    return response


@require_safe
def download(request, pk):
    """The file as an attachment named after the document: "08-CT-UBND Về việc ….pdf"."""
    return _serve(request, pk, inline=False)


@require_safe
def open_inline(request, pk):
    """A PDF opened in the browser (other formats are only downloaded)."""
    return _serve(request, pk, inline=True)


def latest_documents(limit=5):
    """The newest published documents (the home page lists them)."""
    return list(Document.objects.published().order_by("-issue_date", "-pk")[:limit])
