"""The staff side: the inspectors' workspace and the operators' log.

Every view needs a login (anonymous users go to the admin login) and a permission (403
otherwise), is never cached, and writes to the audit trail what it shows, changes, prints,
exports or hands out.
"""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from examportal.protected import accel_response
from examportal.services import ServiceError
from examportal.text import person_name
from examportal.uploads import KINDS

from . import exports, services
from . import identity_access as identity
from .forms import (
    SORTS,
    AssignForm,
    DayForm,
    IdentityAccessForm,
    MoveForm,
    OperatorReportForm,
    QueueFilterForm,
    TextForm,
)
from .models import (
    CLOSED_STATUSES,
    HIDDEN_IDENTITY,
    Attachment,
    AuditEntry,
    Category,
    Report,
    ReportEvent,
    Status,
)
from .views import HOTLINE, private_request

PER_PAGE = 25
WORKSPACE = ("Khu làm việc Thanh tra", reverse_lazy("hotline:staff_queue"))
SWITCHBOARD = ("Tổng đài", reverse_lazy("hotline:operator_list"))


def staff_view(permission):
    """Login (to the admin login page), then ``permission`` (the 403 page otherwise); never
    cached."""

    def decorator(view):
        return never_cache(login_required(permission_required(permission, raise_exception=True)(
            view)))

    return decorator


def can_see_identity(user):
    return user.has_perm("hotline.view_reporter_identity")


# --- Queue --------------------------------------------------------------------------------------

def filtered_reports(request):
    """The queue's filters applied (everything but status) and the form; shared with exports."""
    form = QueueFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})  # the valid filters apply even if one is wrong
    qs = Report.objects.all()
    if data.get("category"):
        qs = qs.filter(category=data["category"])
    if data.get("channel"):
        qs = qs.filter(channel=data["channel"])
    if data.get("exam_site"):
        qs = qs.filter(exam_site=data["exam_site"])
    if data.get("place"):
        from examportal.text import search_text

        qs = qs.filter(place_search__contains=search_text(data["place"]))
    if data.get("q"):
        parsed = services.parse_reference(data["q"])
        qs = qs.filter(year=parsed[0], number=parsed[1]) if parsed else qs.filter(
            reference__icontains=data["q"].strip())
    tz = timezone.get_current_timezone()
    if data.get("date_from"):
        qs = qs.filter(received_at__gte=timezone.make_aware(
            datetime.combine(data["date_from"], time.min), tz))
    if data.get("date_to"):
        qs = qs.filter(received_at__lt=timezone.make_aware(
            datetime.combine(data["date_to"], time.min), tz)
            + timedelta(days=1))
    if data.get("overdue"):
        qs = qs.overdue()
    if data.get("mine"):
        qs = qs.filter(assigned_to=request.user)
    if data.get("unverified"):
        qs = qs.filter(unverified=True)
    base = qs
    status = data.get("status")
    if status == "open":
        qs = qs.exclude(status__in=CLOSED_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    order = SORTS.get(data.get("sort") or "-received", SORTS["-received"])[1]
    return form, base, qs.order_by(*order)


@staff_view("hotline.handle_report")
def queue(request):
    form, base, qs = filtered_reports(request)
    counts = base.aggregate(
        total=Count("pk"),
        **{s.value: Count("pk", filter=Q(status=s.value)) for s in Status},
        overdue=Count("pk", filter=Q(first_responded_at__isnull=True,
                                     first_response_due__lt=timezone.now())
                      & ~Q(status__in=CLOSED_STATUSES)),
    )
    page = Paginator(
        qs.select_related("assigned_to", "exam_site").annotate(n_files=Count("attachments")),
        PER_PAGE
    ).get_page(request.GET.get("page"))
    status_counts = [(s, counts[s.value]) for s in Status]
    return render(request, "hotline/staff/queue.html", {
        "form": form, "page_obj": page, "reports": page.object_list, "counts": counts,
        "status_counts": status_counts, "current_status": request.GET.get("status", ""),
        "breadcrumbs": [HOTLINE, (WORKSPACE[0], None)],
        "can_export": request.user.has_perm("hotline.export_report"),
        "query": request.GET.urlencode(),
        "now": timezone.now(),
    })


# --- One report ---------------------------------------------------------------------------------

def _report_context(request, report, forms=None):
    forms = forms or {}
    user = request.user
    events = report.events.select_related("author").prefetch_related("attachments")
    context = {
        "report": report,
        "events": events,
        "attachments": report.attachments.all(),
        "can_see_identity": can_see_identity(user),
        "hidden_identity": HIDDEN_IDENTITY,
        "assign_form": forms.get("assign") or AssignForm(initial={"assignee": report.assigned_to_id}),
        "note_form": forms.get("note") or TextForm(prefix="note", label="Ghi chú nội bộ"),
        "reply_form": forms.get("reply") or TextForm(prefix="reply", label="Trả lời người phản ánh"),
        "move_form": forms.get("move") or MoveForm(report=report),
        "breadcrumbs": [HOTLINE, WORKSPACE,
                        (report.reference, None)],
    }
    if user.has_perm("hotline.view_auditentry"):
        context["audit_entries"] = report.audit_entries.all()[:100]
    return context


@staff_view("hotline.handle_report")
@private_request
@sensitive_post_parameters("note-text", "reply-text", "reason")
@sensitive_variables()
def report_detail(request, pk):
    """Inspectors share the queue: any inspector may open any report; every view is audited."""
    report = get_object_or_404(
        Report.objects.select_related("assigned_to", "logged_by", "exam_site"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        forms = {}
        try:
            if action == "assign":
                form = forms["assign"] = AssignForm(request.POST)
                if form.is_valid():
                    services.assign_report(report, form.cleaned_data["assignee"], by=request.user)
                    messages.success(request, "Đã cập nhật phân công.")
                    return redirect(report)
            elif action == "note":
                form = forms["note"] = TextForm(request.POST, prefix="note", label="Ghi chú nội bộ")
                if form.is_valid():
                    services.add_internal_note(report, form.cleaned_data["text"], by=request.user)
                    messages.success(request, "Đã lưu ghi chú nội bộ.")
                    return redirect(report)
            elif action == "reply":
                form = forms["reply"] = TextForm(request.POST, prefix="reply",
                                                 label="Trả lời người phản ánh")
                if form.is_valid():
                    services.add_public_reply(report, form.cleaned_data["text"], by=request.user)
                    messages.success(request, "Đã gửi trả lời; người phản ánh sẽ đọc được khi tra "
                                              "cứu.")
                    return redirect(report)
            elif action == "move":
                form = forms["move"] = MoveForm(request.POST, report=report)
                if form.is_valid():
                    services.move_report(report, form.cleaned_data["to_status"], by=request.user,
                                         reason=form.cleaned_data["reason"])
                    messages.success(request, f"Đã chuyển sang “{report.get_status_display()}”.")
                    return redirect(report)
            else:
                messages.error(request, "Thao tác không hợp lệ.")
                return redirect(report)
        except ValidationError as exc:
            form.add_error(None, exc)
        return render(request, "hotline/staff/report_detail.html",
                      _report_context(request, report, forms), status=400)
    services.audit(request.user, AuditEntry.Action.VIEW, report,
                   "Xem (kèm danh tính)" if can_see_identity(request.user) else "Xem")
    return render(request, "hotline/staff/report_detail.html", _report_context(request, report))


@staff_view("hotline.handle_report")
def attachment_download(request, pk, attachment_pk):
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=attachment_pk,
                                   report_id=pk, purged_at__isnull=True)
    if not attachment.file:
        raise Http404
    extension, mime, _label = KINDS.get(attachment.kind, (".bin", "application/octet-stream", ""))
    services.audit(request.user, AuditEntry.Action.DOWNLOAD, attachment.report,
                   f"Tải tệp {attachment.pk} ({attachment.label})")
    filename = f"{attachment.report.reference}-tep-{attachment.pk}{extension}"
    # Behind nginx the file is sent by nginx (X-Accel-Redirect) after the checks and the audit
    # entry above; without it, streamed from here.
    response = accel_response(attachment.file, mime)
    if response is None:
        response = FileResponse(attachment.file.open("rb"), as_attachment=True, content_type=mime,
                                filename=filename)
    else:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@staff_view("hotline.handle_report")
def report_print(request, pk):
    """A printable summary of one report for the steering committee; no reporter identity."""
    report = get_object_or_404(Report.objects.select_related("assigned_to"), pk=pk)
    events = report.events.filter(
        kind__in=[ReportEvent.Kind.CREATED, ReportEvent.Kind.STATUS, ReportEvent.Kind.REPLY,
                  ReportEvent.Kind.ASSIGNED]).select_related("author")
    services.audit(request.user, AuditEntry.Action.PRINT, report, "Bản tóm tắt một phản ánh")
    return render(request, "hotline/staff/report_print.html", {
        "report": report, "events": events, "now": timezone.now(),
        "n_files": report.attachments.filter(purged_at__isnull=True).count(),
        "breadcrumbs": [HOTLINE, WORKSPACE,
                        (report.reference, report.get_absolute_url()), ("Bản in", None)],
    })


@staff_view("hotline.handle_report")
def day_summary(request):
    """The day's reports per category and status, for the daily report to the committee."""
    form = DayForm(request.GET or None)
    day = (form.cleaned_data.get("day") if form.is_valid() else None) or timezone.localdate()
    if not form.is_bound:
        form = DayForm(initial={"day": day})
    reports = list(Report.objects.received_on(day).select_related("assigned_to", "exam_site")
                   .order_by("received_at", "id"))
    statuses = list(Status)
    rows = []
    # Each cell with its status, which names it when the table is cards on a phone.
    for value, label in Category.choices:
        cells = [(s.label, sum(1 for r in reports if r.category == value and r.status == s))
                 for s in statuses]
        rows.append((label, cells, sum(n for _, n in cells)))
    totals = [(s.label, sum(1 for r in reports if r.status == s)) for s in statuses]
    services.audit(request.user, AuditEntry.Action.PRINT, None,
                   f"Báo cáo ngày {day:%d/%m/%Y} ({len(reports)} phản ánh)")
    day_text = day.strftime("%d/%m/%Y")
    return render(request, "hotline/staff/day_summary.html", {
        "form": form, "day": day, "day_text": day_text, "reports": reports, "statuses": statuses,
        "rows": rows, "totals": totals, "total": len(reports), "now": timezone.now(),
        "can_export": request.user.has_perm("hotline.export_report"),
        "export_query": f"date_from={day_text}&date_to={day_text}",
        "breadcrumbs": [HOTLINE, WORKSPACE,
                        ("Báo cáo ngày", None)],
    })


@staff_view("hotline.export_report")
def export(request, fmt):
    _form, _base, qs = filtered_reports(request)
    qs = qs.select_related("assigned_to", "exam_site")
    identity = can_see_identity(request.user)
    rows = exports.rows(qs, identity=identity)
    services.audit(request.user, AuditEntry.Action.EXPORT, None,
                   f"Xuất {fmt.upper()} {len(rows) - 1} phản ánh"
                   f"{' (kèm danh tính)' if identity else ''}; bộ lọc: {request.GET.urlencode()}")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        return exports.xlsx_response(rows, f"phan-anh-{stamp}.xlsx")
    return exports.csv_response(rows, f"phan-anh-{stamp}.csv")


# --- Operators ------------------------------------------------------------------------------------

@staff_view("hotline.log_report")
def operator_list(request):
    reports = Report.objects.logged_today_by(request.user).order_by("-received_at")
    return render(request, "hotline/staff/operator_list.html", {
        "reports": reports, "today": timezone.localdate(),
        "breadcrumbs": [HOTLINE, ("Tổng đài", None)],
    })


@staff_view("hotline.log_report")
@private_request
@sensitive_post_parameters("description", "reporter_name", "reporter_phone", "reporter_email",
                           "place")
@sensitive_variables()
def operator_new(request):
    crumbs = [HOTLINE, SWITCHBOARD,
              ("Ghi nhận phản ánh", None)]
    form = OperatorReportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                report, key = services.log_phone_report(
                    operator=request.user, channel=data["channel"],
                    received_at=data["received_at"], **form.report_kwargs())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return render(request, "hotline/staff/operator_receipt.html", {
                    "report": report, "access_key": services.format_access_key(key),
                    "breadcrumbs": crumbs[:2] + [("Biên nhận", None)],
                })
        return render(request, "hotline/staff/operator_form.html",
                      {"form": form, "breadcrumbs": crumbs}, status=400)
    return render(request, "hotline/staff/operator_form.html", {"form": form, "breadcrumbs": crumbs})


@staff_view("hotline.log_report")
def operator_detail(request, pk):
    """An operator sees only what they logged today; anything else is "not found"."""
    report = Report.objects.logged_today_by(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404
    services.audit(request.user, AuditEntry.Action.VIEW, report, "Tổng đài viên xem lại")
    return render(request, "hotline/staff/operator_detail.html", {
        "report": report, "can_see_identity": can_see_identity(request.user),
        "hidden_identity": HIDDEN_IDENTITY,
        "breadcrumbs": [HOTLINE,
                        SWITCHBOARD, (report.reference, None)],
    })


# --- Who reads reporters' identities (hotline.identity_access) ---------------------------------

@staff_view(identity.GRANT)
@require_http_methods(["GET", "POST"])
def identity_access(request):
    """Inspectors, who of them reads identities and how, grant/revoke forms, the recent trail."""
    inspectors = list(services.assignable_inspectors())
    ids = {user.pk for user in inspectors}
    viewing, direct = identity.holders(identity.VIEW, ids), set(
        get_user_model().objects.filter(pk__in=ids, user_permissions=identity.view_permission())
        .values_list("pk", flat=True))
    failed = None
    if request.method == "POST":
        form = IdentityAccessForm(request.POST)
        if form.is_valid():
            account = get_object_or_404(get_user_model(), pk=form.cleaned_data["account"],
                                        pk__in=ids)
            change = (identity.grant_identity_access if form.cleaned_data["action"] == "grant"
                      else identity.revoke_identity_access)
            try:
                change(account, by=request.user, reason=form.cleaned_data["reason"])
            except ServiceError as exc:
                failed = (form.cleaned_data["account"], exc.messages)
            else:
                done = "cấp" if change is identity.grant_identity_access else "thu hồi"
                messages.success(request, f"Đã {done} quyền xem danh tính: {person_name(account)}.")
                return redirect("hotline:staff_identity_access")
        else:
            failed = (request.POST.get("account"), [m for ms in form.errors.values() for m in ms])
    rows = [{
        "user": user, "is_self": user.pk == request.user.pk, "views": user.pk in viewing,
        "direct": user.pk in direct,
        "errors": failed[1] if failed and str(failed[0]) == str(user.pk) else [],
        "reason": request.POST.get("reason", "") if failed and str(failed[0]) == str(user.pk) else "",
    } for user in inspectors]
    trail = (AuditEntry.objects.filter(action__in=[AuditEntry.Action.GRANT, AuditEntry.Action.REVOKE])
             .select_related("user")[:30])
    return render(request, "hotline/staff/identity_access.html", {
        "rows": rows, "trail": trail,
        "breadcrumbs": [WORKSPACE, ("Quyền xem danh tính", None)],
    }, status=400 if failed else 200)
