"""Public pages (the year's offers, a district's print sheet, the good-deeds form and its receipt)
and the staff screens (unit staff enter their unit's offers; editors review every offer).

Public offer pages set no cookie, show nothing per user, run a fixed number of queries and are
served from the page cache (writes to offers empty it: ``page_cache_content``). The good-deeds
form lives on its own page (CSRF cookie), never cached. Staff pages need a login and a
permission; unit staff act only for the unit of their account (never an ID from the request).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.generic import TemplateView

from examportal import formguard
from examportal.protected import accel_response
from examportal.start_views import StaffView as BaseStaffView
from examportal.uploads import body_too_large, limit_uploads
from exams.models import DISTRICT_ORDER, District, ExamSite
from examyears.selectors import current_year_number

from . import conf, services
from .forms import GoodDeedForm, OfferForm, ReasonForm
from .models import KIND_SLUGS, SLUG_OF_KIND, GoodDeedPhoto, GoodDeedStory, OfferKind, SupportOffer

PAGE_TITLE = "Hỗ trợ thí sinh"
STORY_SCOPE = "support-story"  # the good-deeds form's limit and nonces


# --- Public: offers -------------------------------------------------------------------------------


def group_offers(offers):
    """[(district key, label, [(site or None, [offers])])] in district order; offers already come
    in district, site, kind order (``for_listing``)."""
    districts = {}
    for offer in offers:
        sites = districts.setdefault(offer.district, {})
        sites.setdefault(offer.site_id, (offer.site, []))[1].append(offer)
    labels = dict(District.choices)
    groups = []
    for key in DISTRICT_ORDER:
        if key in districts:
            by_site = sorted(districts[key].values(),
                             key=lambda pair: (pair[0] is None, pair[0].code if pair[0] else ""))
            groups.append((key, labels[key], by_site))
    return groups


class YearMixin:
    def get_year(self):
        year = self.kwargs.get("year") or current_year_number()
        if year is None and "year" not in self.kwargs:
            return None
        return year

    def known_year(self, year):
        return ExamSite.objects.filter(year=year).exists() or \
            SupportOffer.objects.for_year(year).exists()


class OffersView(YearMixin, TemplateView):
    """The year's published offers by district and exam site, with a filter by kind (GET)."""

    template_name = "support/offers.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        kind_slug = self.request.GET.get("loai", "")
        kind = KIND_SLUGS.get(kind_slug)
        offers = []
        if year:
            queryset = SupportOffer.objects.published().for_year(year)
            if kind:
                queryset = queryset.filter(kind=kind)
            offers = list(queryset.for_listing())
            if not offers and "year" in self.kwargs and not self.known_year(year):
                raise Http404("Chưa có thông tin hỗ trợ thí sinh của năm này.")
        base = reverse("support:offers-year", kwargs={"year": year}) if year else ""
        context.update(
            year=year, groups=group_offers(offers), total=len(offers), kind=kind,
            kind_slug=kind_slug if kind else "", kind_label=kind.label if kind else "",
            kinds=[(slug, OfferKind(value).label) for value, slug in SLUG_OF_KIND.items()],
            base_url=base, has_sample=any(o.is_sample for o in offers),
            breadcrumbs=self.crumbs(year),
        )
        return context

    def crumbs(self, year):
        if not year:
            return [(PAGE_TITLE, None)]
        return [(f"Lịch thi {year}", reverse("exams:schedule-year", kwargs={"year": year})),
                (f"{PAGE_TITLE} {year}", None)]


class DistrictPrintView(YearMixin, TemplateView):
    """One district's offers on one sheet, for a school's notice board."""

    template_name = "support/print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, district = self.kwargs["year"], self.kwargs["district"]
        labels = dict(District.choices)
        if district not in labels:
            raise Http404("Không có huyện, thành phố này.")
        offers = list(SupportOffer.objects.published().for_year(year)
                      .filter(district=district).for_listing())
        if not offers and not self.known_year(year):
            raise Http404("Chưa có thông tin hỗ trợ thí sinh của năm này.")
        groups = group_offers(offers)
        context.update(year=year, district=district, district_label=labels[district],
                       sites=groups[0][2] if groups else [], total=len(offers),
                       has_sample=any(o.is_sample for o in offers),
                       page_url=reverse("support:offers-year", kwargs={"year": year}))
        return context


# --- Public: good-deeds stories -------------------------------------------------------------------


def story_limit():
    """Stories per address and window; above the site-wide level a proof of work is asked for,
    and a story sent without one is filed marked unverified, as the hotline does (nobody is
    refused for others' sending, and a browser without JavaScript can still send)."""
    return formguard.Limit(
        STORY_SCOPE, per_address=conf.get("STORY_LIMIT_PER_IP"),
        window=conf.get("STORY_WINDOW_SECONDS"), site=conf.get("STORY_LIMIT_GLOBAL"),
        site_refuses=False,
        address_message="Địa chỉ mạng của bạn đã gửi nhiều câu chuyện: tối đa {limit} câu chuyện "
                        "trong {duration}. Vui lòng thử lại sau {minutes} phút; nội dung bạn nhập "
                        "vẫn được giữ nguyên.")


def story_pressure():
    return formguard.site_pressure(story_limit())


STORY_CRUMBS = [("Gương người tốt, việc tốt", None)]
FILES_DROPPED = ("Vì lý do an toàn, ảnh đã chọn chưa được lưu: vui lòng chọn lại ảnh trước khi "
                 "gửi. Nội dung bạn đã nhập vẫn được giữ nguyên.")
SENSITIVE = ("sender_name", "sender_phone", "sender_email", "sender_unit", "story")


@csrf_exempt
@never_cache
@sensitive_post_parameters(*SENSITIVE)
def good_deed_form(request):
    """The public form. The photo-size handler is installed before the body is read."""
    if request.method == "POST":
        if body_too_large(request, conf.max_request_bytes()):
            return render(request, "support/story_too_large.html", {
                "limit_mb": conf.max_request_bytes() // (1024 * 1024),
                "breadcrumbs": STORY_CRUMBS}, status=413)
        handler = limit_uploads(request, conf.max_photo_bytes())
        return _good_deed_form(request, handler)
    return _good_deed_form(request, None)


@csrf_protect
@sensitive_variables()
def _good_deed_form(request, handler):
    if request.method != "POST":
        bits = conf.get("PROOF_BITS") if story_pressure() else 0
        return _render_form(request, GoodDeedForm(proof_bits=bits))
    form = GoodDeedForm(request.POST, request.FILES)
    valid = form.is_valid()
    for name in handler.skipped:
        form.add_error("photos", f"Ảnh “{name}” lớn hơn {conf.get('MAX_PHOTO_MB')} MB nên không "
                                 "được nhận.")
    valid = valid and not handler.skipped
    status, retry_after = 400, 0
    if valid:
        slot = formguard.take_slot(story_limit(), formguard.client_ip(request))
        if not slot.allowed:
            form.add_error(None, slot.message)
            valid, status, retry_after = False, 429, slot.retry_after
    if valid:
        def file():
            story = services.submit_good_deed(**form.story_kwargs(),
                                              unverified=slot.pressure and not form.proven)
            formguard.set_nonce_reference(STORY_SCOPE, form.nonce, story.reference)
            return story

        try:
            story = slot.spend(formguard.file_once, STORY_SCOPE, form, file)
        except formguard.AlreadyFiled as duplicate:
            return render(request, "support/story_receipt.html",
                          {"reference": duplicate.reference, "again": True,
                           "breadcrumbs": STORY_CRUMBS})
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            return render(request, "support/story_receipt.html",
                          {"reference": story.reference, "photos": len(form.cleaned_data["photos"]),
                           "breadcrumbs": STORY_CRUMBS})
    if story_pressure():
        form.ask_for_proof(conf.get("PROOF_BITS"))
    dropped = bool(request.FILES) or bool(handler.skipped)
    response = _render_form(request, form, status=status, files_dropped=dropped and FILES_DROPPED)
    return formguard.with_retry_after(response, retry_after)


def _render_form(request, form, status=200, files_dropped=""):
    return render(request, "support/story_form.html", {
        "form": form, "files_dropped": files_dropped, "breadcrumbs": STORY_CRUMBS,
        "max_photos": conf.get("MAX_PHOTOS"),
    }, status=status)


# --- Staff ----------------------------------------------------------------------------------------

STAFF_PERMISSIONS = (services.ENTER_PERMISSION, services.REVIEW_PERMISSION)


class StaffView(BaseStaffView):
    """Unit staff sign in on a phone, at the light address of the one sign-in page."""

    login_url = reverse_lazy("exams:login")


class OfferStaffView(StaffView):
    """Unit staff (their unit's offers) or editors (every offer)."""

    permission_required = STAFF_PERMISSIONS
    any_of = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.reviewer = services.can_review(request.user)
            self.unit = services.unit_of(request.user)
            if not self.reviewer and self.unit is None:
                raise PermissionDenied("Tài khoản này chưa được giao cho đơn vị nào. Hãy liên hệ "
                                       "quản trị viên của Sở để được gán đơn vị.")
        return super().dispatch(request, *args, **kwargs)

    def get_offer(self, pk):
        """404 for an offer the user may not see (another unit's), whatever ID was sent."""
        return get_object_or_404(
            SupportOffer.objects.visible_to(self.request.user).select_related("site", "unit"),
            pk=pk)

    def crumbs(self, *extra):
        return [("Hỗ trợ thí sinh: quản lý", reverse("support:staff-list")), *extra]


class StaffListView(OfferStaffView):
    def get(self, request):
        offers = list(SupportOffer.objects.visible_to(request.user)
                      .select_related("site", "unit").order_by("-year", "status", "district", "pk"))
        by_status = [(value, label, [o for o in offers if o.status == value])
                     for value, label in SupportOffer.Status.choices]
        if self.reviewer:  # what waits for review first
            by_status.sort(key=lambda item: item[0] != SupportOffer.Status.SUBMITTED)
        return render(request, "support/staff/list.html", {
            "by_status": by_status, "unit": self.unit, "reviewer": self.reviewer,
            "breadcrumbs": [("Hỗ trợ thí sinh: quản lý", None)],
        })


class OfferFormView(OfferStaffView):
    """Create (no pk) or edit an offer; "save and submit" sends it for review at once."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.offer = None

    def load(self, pk, changing=False):
        if pk is None:
            return SupportOffer(year=current_year_number() or 0)
        offer = self.get_offer(pk)
        if changing and not services.can_change(self.request.user, offer):
            raise PermissionDenied("Hoạt động hỗ trợ này đã dừng, không sửa được nữa.")
        return offer

    def render_form(self, request, offer, form, status=200):
        events = list(offer.events.select_related("actor")) if offer.pk else []
        return render(request, "support/staff/form.html", {
            "form": form, "offer": offer, "events": events, "reviewer": self.reviewer,
            "unit": self.unit, "reason_form": ReasonForm(),
            "breadcrumbs": self.crumbs((offer.title if offer.pk else "Thêm hoạt động hỗ trợ", None)),
        }, status=status)

    def get(self, request, pk=None):
        offer = self.load(pk)
        if not offer.year:
            raise Http404("Chưa có năm thi hiện hành.")
        initial = {}
        if offer.pk is None and self.unit is not None:
            initial = {"district": self.unit.district, "provider": self.unit.name,
                       "phone": self.unit.phone}
        return self.render_form(request, offer, OfferForm(instance=offer, initial=initial,
                                                          year=offer.year))

    def post(self, request, pk=None):
        offer = self.load(pk, changing=True)
        if not offer.year:
            raise Http404("Chưa có năm thi hiện hành.")
        form = OfferForm(request.POST, instance=offer, year=offer.year)
        if form.is_valid():
            try:
                saved = services.save_offer(offer, request.user, form.offer_data())
                if request.POST.get("action") == "submit" and saved.status == saved.Status.DRAFT:
                    services.submit_offer(saved, request.user)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, f"Đã lưu “{saved.title}” ({saved.get_status_display()}).")
                return redirect("support:staff-edit", pk=saved.pk)
        if offer.pk:
            offer.refresh_from_db()
        return self.render_form(request, offer, form, status=400)


def _form_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class OfferActionView(OfferStaffView):
    """POST: submit, publish, return (with a note) or withdraw (with a reason) one offer."""

    http_method_names = ["post"]
    ACTIONS = {
        "gui-duyet": (lambda o, u, r: services.submit_offer(o, u), "Đã gửi duyệt."),
        "cong-bo": (lambda o, u, r: services.publish_offer(o, u, r), "Đã công bố trên trang Hỗ trợ "
                                                                     "thí sinh."),
        "tra-lai": (services.return_offer, "Đã trả lại cho đơn vị kèm góp ý."),
        "dung": (services.withdraw_offer, "Đã dừng: hoạt động không còn hiện công khai."),
    }

    def post(self, request, pk, action):
        if action not in self.ACTIONS:
            raise Http404("Không có thao tác này.")
        offer = self.get_offer(pk)
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        run, done = self.ACTIONS[action]
        try:
            run(offer, request.user, reason)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
        return redirect("support:staff-edit", pk=offer.pk)



# --- Staff: good-deeds stories --------------------------------------------------------------------

PHOTO_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


class StoryListView(StaffView):
    """The editors' list of stories sent in: the ones still waiting first, each with its sender,
    its photos (through ``StoryPhotoView``), whether it was sent unverified, and its article."""

    permission_required = ("support.view_gooddeedstory",)

    def get(self, request):
        from news.models import Article

        stories = list(GoodDeedStory.objects.select_related("article")
                       .prefetch_related("photos").order_by("-received_at", "-pk"))
        waiting_states = {Article.Status.PENDING, Article.Status.DRAFT}
        waiting = [s for s in stories if s.article and s.article.status in waiting_states]
        done = [s for s in stories if s not in waiting]
        return render(request, "support/staff/stories.html", {
            "groups": [("Đang chờ biên tập, xuất bản", waiting, "cho"),
                       ("Đã xử lý (xuất bản, gỡ hoặc xóa bài)", done, "xong")],
            "breadcrumbs": [("Bài gửi gương người tốt, việc tốt", None)],
        })


class StoryPhotoView(StaffView):
    """One photo of a story, from the private folder, for staff who may read stories: sent by
    nginx (X-Accel-Redirect) after this check, or streamed from here without nginx. Never
    cached by anyone but the browser that asked."""

    permission_required = ("support.view_gooddeedphoto",)

    def get(self, request, pk):
        photo = get_object_or_404(GoodDeedPhoto, pk=pk)
        extension = photo.image.name.rsplit(".", 1)[-1].lower() if photo.image else ""
        mime = PHOTO_TYPES.get(extension)
        if mime is None:
            raise Http404("Không có ảnh này.")
        try:
            response = accel_response(photo.image, mime)
            if response is None:
                response = FileResponse(photo.image.open("rb"), content_type=mime)
        except FileNotFoundError as exc:
            raise Http404("Không có ảnh này.") from exc
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response.page_cache_exempt = True
        return response
