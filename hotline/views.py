"""Public hotline pages: information, the report form, the receipt, the status look-up.

The information page has no form, so it sets no cookie and stays cacheable; the form and the
look-up live on their own pages (they need the CSRF cookie) and are never cached. Reference and
key travel only in POST bodies; after a successful look-up the authorisation lives in the
server-side session.

Limits (see ratelimit.py): a client address over its own limit is refused with 429, a
Retry-After header and the true wait; site-wide pressure never refuses anybody, it makes the
forms ask for a proof of work, and a report sent without one is filed marked "unverified".
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.debug import SafeExceptionReporterFilter
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.generic import TemplateView

from examportal import formguard

from . import conf, ratelimit, services
from .forms import FollowupForm, LookupForm, PublicReportForm
from .models import AuditEntry, Category, Report, ReportEvent
from .uploads import install as install_upload_limits
from .uploads import too_large

SENSITIVE_FIELDS = ("description", "reporter_name", "reporter_phone", "reporter_email", "text",
                    "place", "access_key", "reference")
SESSION_KEY = "hotline_report"
HOTLINE = ("Đường dây nóng", reverse_lazy("hotline:index"))  # the first breadcrumb
FILES_DROPPED = ("Vì lý do an toàn, các tệp đã chọn chưa được lưu: vui lòng chọn lại tệp trước "
                 "khi gửi. Nội dung bạn đã nhập vẫn được giữ nguyên.")


class ReporterPrivacyFilter(SafeExceptionReporterFilter):
    """Error reports from hotline pages leave out the client's address too (reporter identity)."""

    hidden_meta = ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for name in self.hidden_meta:
            if name in meta:
                meta[name] = self.cleansed_substitute
        return meta


def private_request(view):
    """Mark a request as carrying reporter data: error reports hide POST fields and the IP."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.exception_reporter_filter = ReporterPrivacyFilter()
        return view(request, *args, **kwargs)

    return wrapped


class HotlineView(TemplateView):
    """Numbers, email, hours and what to report; links to the form and the status page."""

    template_name = "hotline/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [("Đường dây nóng", None)]
        context["categories"] = Category.choices
        context["hours"] = conf.get("HOURS")
        return context


def _request_too_large(request):
    return render(request, "hotline/too_large.html",
                  {"limit_mb": conf.max_request_bytes() // (1024 * 1024),
                   "breadcrumbs": [HOTLINE, ("Gửi phản ánh", None)]},
                  status=413)


def _add_skipped(form, handler):
    for name in handler.skipped:
        form.add_error("attachments", f"Tệp “{name}” lớn hơn {conf.get('MAX_ATTACHMENT_MB')} MB "
                                      "nên không được nhận.")


@csrf_exempt
@never_cache
@private_request
@sensitive_post_parameters(*SENSITIVE_FIELDS)
def report_form(request):
    """The public report form. Upload limits are installed before the body is read."""
    if request.method == "POST":
        if too_large(request):
            return _request_too_large(request)
        handler = install_upload_limits(request)
        return _report_form(request, handler)
    return _report_form(request, None)


LOOKUP_PROOF_SCOPE = "lookup-proof"


@csrf_protect
@sensitive_variables()
def _report_form(request, handler):
    crumbs = [HOTLINE, ("Gửi phản ánh", None)]
    if request.method != "POST":
        bits = conf.get("PROOF_BITS") if ratelimit.submit_pressure() else 0
        return render(request, "hotline/report_form.html",
                      {"form": PublicReportForm(proof_bits=bits), "breadcrumbs": crumbs})
    form = PublicReportForm(request.POST, request.FILES)
    ip = formguard.client_ip(request)
    valid = form.is_valid()
    _add_skipped(form, handler)
    valid = valid and not handler.skipped
    status, retry_after = 400, 0
    if valid:
        slot = formguard.take_slot(ratelimit.submit_limit(), ip)
        if not slot.allowed:
            form.add_error(None, slot.message)
            valid, status, retry_after = False, 429, slot.retry_after
    if valid:
        try:
            # A report not filed (sent before, refused by the service) gives its slot back.
            report, key = slot.spend(
                services.submit_report, **form.report_kwargs(),
                files=form.cleaned_data["attachments"], ip=ip, nonce=form.nonce,
                unverified=slot.pressure and not form.proven)
        except formguard.AlreadyFiled as duplicate:
            return render(request, "hotline/duplicate.html",
                          {"reference": duplicate.reference, "breadcrumbs": crumbs})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "hotline/receipt.html", {
                "report": report, "access_key": services.format_access_key(key),
                "breadcrumbs": [HOTLINE, ("Biên nhận", None)],
            })
    if ratelimit.submit_pressure():
        form.ask_for_proof(conf.get("PROOF_BITS"))
    files_dropped = bool(request.FILES) or bool(handler.skipped)
    return formguard.with_retry_after(render(request, "hotline/report_form.html",
                                    {"form": form, "files_dropped": files_dropped and FILES_DROPPED,
                                     "breadcrumbs": crumbs}, status=status), retry_after)


@never_cache
@private_request
@sensitive_post_parameters("reference", "access_key")
@sensitive_variables()
def lookup(request):
    """Reference + key → the status page. Wrong pairs get one generic answer.

    The right key is accepted from any address within its own limit, whatever other addresses
    did; wrong keys count against the sender's address (more when proof was asked for and not
    brought, see ratelimit.py) and against the reference.
    """
    crumbs = [HOTLINE, ("Tra cứu phản ánh", None)]
    bits = conf.get("PROOF_BITS")
    status, retry_after = 200, 0
    if request.method != "POST":
        form = LookupForm(proof_bits=bits if ratelimit.lookup_pressure() else 0)
    else:
        form = LookupForm(request.POST)
        ip = formguard.client_ip(request)
        retry_after = ratelimit.lookup_refusal(ip)
        if retry_after:
            form.errors.clear()
            form.add_error(None, "Địa chỉ mạng của bạn đã tra cứu sai quá nhiều lần. Vui lòng thử "
                                 f"lại sau {formguard.wait_minutes(retry_after)} phút hoặc gọi "
                                 "đường dây nóng để được hỗ trợ.")
            status = 429
        elif form.is_valid():
            reference = form.cleaned_data["reference"]
            report = services.find_report_by_key(reference, form.cleaned_data["access_key"])
            if report is not None:
                request.session.cycle_key()
                request.session[SESSION_KEY] = report.pk
                request.session.set_expiry(conf.get("STATUS_SESSION_SECONDS"))
                services.audit(None, AuditEntry.Action.REPORTER_VIEW, report,
                               "Người phản ánh tra cứu bằng mã truy cập")
                return redirect("hotline:status")
            parsed = services.parse_reference(reference)
            weight = 1
            if ratelimit.lookup_pressure(parsed):
                nonce = form.proof_nonce()
                if nonce is None or not formguard.claim_nonce(
                        LOOKUP_PROOF_SCOPE, nonce, keep_seconds=conf.get("PROOF_MAX_SECONDS")):
                    weight = conf.get("LOOKUP_UNPROVEN_WEIGHT")
            ratelimit.record_failed_lookup(ip, parsed, weight)
            form.add_error(None, "Mã số hoặc mã truy cập không đúng. Vui lòng kiểm tra lại.")
            if ratelimit.lookup_pressure(parsed):
                form.ask_for_proof(bits)
            status = 400
        else:
            status = 400
        parsed = services.parse_reference(request.POST.get("reference"))
        if not form.proof_bits and ratelimit.lookup_pressure(parsed):
            form.ask_for_proof(bits)
    return formguard.with_retry_after(render(request, "hotline/lookup.html", {
        "form": form, "breadcrumbs": crumbs,
        "expired": request.GET.get("het-han") == "1",
    }, status=status), retry_after)


@csrf_exempt
@never_cache
@private_request
@sensitive_post_parameters("text")
def status(request):
    """What the reporter may read: status, public replies, their own additions; and a form to
    add more."""
    if request.method == "POST" and too_large(request):
        return _request_too_large(request)
    handler = install_upload_limits(request) if request.method == "POST" else None
    return _status(request, handler)


@csrf_protect
@sensitive_variables()
def _status(request, handler):
    report = None
    if request.session.get(SESSION_KEY):
        report = Report.objects.filter(pk=request.session[SESSION_KEY]).first()
    if report is None or not report.access_key_hash:
        request.session.pop(SESSION_KEY, None)
        return redirect(reverse("hotline:lookup") + "?het-han=1")
    form = FollowupForm()
    files_dropped = ""
    code = 200
    if request.method == "POST":
        if "logout" in request.POST:
            request.session.flush()
            return redirect("hotline:lookup")
        form = FollowupForm(request.POST, request.FILES)
        valid = form.is_valid()
        _add_skipped(form, handler)
        if valid and not handler.skipped:
            try:
                services.add_reporter_followup(report, text=form.cleaned_data["text"],
                                               files=form.cleaned_data["attachments"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Đã gửi thông tin bổ sung. Cảm ơn bạn.")
                return redirect("hotline:status")
        files_dropped = FILES_DROPPED if (request.FILES or handler.skipped) else ""
        code = 400
    events = (report.events.filter(kind__in=[ReportEvent.Kind.CREATED, ReportEvent.Kind.STATUS,
                                             ReportEvent.Kind.REPLY, ReportEvent.Kind.FOLLOWUP])
              .prefetch_related("attachments"))
    return render(request, "hotline/status.html", {
        "report": report, "events": events, "form": form, "files_dropped": files_dropped,
        "breadcrumbs": [HOTLINE, ("Tình trạng phản ánh", None)],
    }, status=code)
