import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from examportal.addresses import cached_reverse
from examportal.text import normalize_text, search_text, slugify_vi
from examportal.uploads import KINDS, GeneratedPath

SEARCH_MAX_LENGTH = 200
_WORD = re.compile(r"[a-z0-9]+")
_PRIME_MINISTER = re.compile(r"(?<=-)TTG(?=-|$)")


class DocumentType(models.TextChoices):
    """Types of administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục III)."""

    DIRECTIVE = "CT", "Chỉ thị"
    PLAN = "KH", "Kế hoạch"
    LETTER = "CV", "Công văn"
    DECISION = "QD", "Quyết định"
    CIRCULAR = "TT", "Thông tư"
    GUIDANCE = "HD", "Hướng dẫn"
    NOTICE = "TB", "Thông báo"
    DISPATCH = "CD", "Công điện"
    REPORT = "BC", "Báo cáo"
    DECREE = "ND", "Nghị định"
    REGULATION = "QC", "Quy chế"


# The abbreviation that opens the symbol ("08/CT-UBND"); a công văn has none ("641/SGDĐT-QLCL").
TYPE_ABBREVIATIONS = {
    DocumentType.DIRECTIVE: "CT",
    DocumentType.PLAN: "KH",
    DocumentType.LETTER: None,
    DocumentType.DECISION: "QĐ",
    DocumentType.CIRCULAR: "TT",
    DocumentType.GUIDANCE: "HD",
    DocumentType.NOTICE: "TB",
    DocumentType.DISPATCH: "CĐ",
    DocumentType.REPORT: "BC",
    DocumentType.DECREE: "NĐ",
    DocumentType.REGULATION: "QC",
}

# number, optional year, slash, symbol parts joined by hyphens: 08/CT-UBND, 15/2020/TT-BGDĐT
NUMBER_PATTERN = re.compile(
    r"^(?P<seq>\d{1,6})(?:/(?P<year>\d{4}))?/(?P<symbol>[A-ZĐ0-9]+(?:-(?:[A-ZĐ0-9]+|TTg))*)$"
)


def normalize_number(value):
    """Trimmed, NFC, upper-case: "08/ct-ubnd " → "08/CT-UBND"; internal spaces are kept (and refused).

    The one mixed-case symbol in use, the Prime Minister's "TTg" (123/QĐ-TTg), keeps its form.
    """
    number = normalize_text(value or "").strip().upper()
    return _PRIME_MINISTER.sub("TTg", number)


def number_key(value):
    """The form numbers are searched by: "15/2020/TT-BGDĐT" → "15/2020/tt-bgddt"."""
    return search_text(value).replace(" ", "")


def validate_number_format(number, document_type=None, issue_date=None):
    """Check a number and symbol against Nghị định 30/2020; raise ValidationError in Vietnamese."""
    if not number:
        raise ValidationError("Nhập số, ký hiệu văn bản.", code="required")
    if re.search(r"\s", number):
        raise ValidationError(
            "Số, ký hiệu văn bản không được có dấu cách (ví dụ đúng: 08/CT-UBND).", code="spaces"
        )
    match = NUMBER_PATTERN.match(number)
    if not match:
        raise ValidationError(
            "Số, ký hiệu “%(number)s” không đúng mẫu của Nghị định 30/2020/NĐ-CP: số, dấu gạch "
            "chéo, rồi ký hiệu nối bằng dấu gạch nối, ví dụ 08/CT-UBND, 641/SGDĐT-QLCL hoặc "
            "15/2020/TT-BGDĐT.",
            code="format",
            params={"number": number},
        )
    if issue_date and match["year"] and int(match["year"]) != issue_date.year:
        raise ValidationError(
            "Năm trong số, ký hiệu (%(year)s) phải là năm ban hành (%(issued)s).",
            code="year",
            params={"year": match["year"], "issued": issue_date.year},
        )
    if not document_type:
        return
    parts = match["symbol"].split("-")
    abbreviation = TYPE_ABBREVIATIONS.get(document_type)
    label = DocumentType(document_type).label
    if abbreviation:
        if parts[0] != abbreviation or len(parts) < 2:
            raise ValidationError(
                "Ký hiệu của %(label)s phải bắt đầu bằng “%(abbr)s-” rồi đến tên viết tắt của cơ "
                "quan ban hành, ví dụ %(example)s.",
                code="type_mismatch",
                params={"label": label.lower(), "abbr": abbreviation,
                        "example": f"{match['seq']}/{abbreviation}-UBND"},
            )
    elif parts[0] in {a for a in TYPE_ABBREVIATIONS.values() if a}:
        raise ValidationError(
            "Công văn không có chữ viết tắt tên loại: ký hiệu bắt đầu bằng tên viết tắt của cơ "
            "quan ban hành, ví dụ 641/SGDĐT-QLCL. Nếu đây là %(other)s, hãy chọn đúng loại văn bản.",
            code="type_mismatch",
            params={"other": next(
                DocumentType(t).label.lower() for t, a in TYPE_ABBREVIATIONS.items() if a == parts[0]
            )},
        )


class Issuer(models.Model):
    """An issuing authority (cơ quan ban hành): Bộ GDĐT, UBND tỉnh Lai Châu, Sở GDĐT…"""

    name = models.CharField("tên cơ quan ban hành", max_length=200, unique=True)
    slug = models.SlugField("đường dẫn", max_length=100, unique=True, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name).strip()
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=100)
        super().save(*args, **kwargs)


@lru_cache(maxsize=8192)
def document_slug(document_type, number):
    """"CT", "08/CT-UBND" → "chi-thi-08-ct-ubnd" (worked out once: lists show dozens)."""
    label = DocumentType(document_type).label if document_type in DocumentType.values else ""
    return slugify_vi(f"{label} {number.replace('/', '-')}", max_length=80) or "van-ban"


def public_document_sql(alias):
    """``DocumentQuerySet.published()``'s rule as an SQL condition on the document table under
    ``alias``, with the parameter ``%(now)s`` (the article page's links statement uses it)."""
    return f"{alias}.is_published AND {alias}.published_at <= %(now)s"


def next_public_change(now):
    """The next moment a published document's publication time comes, or None (the page cache
    keeps no page past it: ``page_cache_schedule`` in DocumentsConfig.contributes)."""
    return Document.objects.filter(is_published=True, published_at__gt=now).order_by(
        "published_at").values_list("published_at", flat=True).first()


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """Documents the public may see now: published, and the publication time has come."""
        return self.filter(is_published=True, published_at__lte=timezone.now())

    def for_listing(self):
        """What a list item shows (issuer, files) in a fixed number of queries."""
        return self.select_related("issuer").prefetch_related("files")

    def search(self, query):
        """Find by number first (exact, then prefix: "08/CT"), then by excerpt words without
        diacritics ("chi thi tang cuong"); a number and words combine ("08/CT tăng cường").
        Ordered by that rank, then newest first."""
        query = " ".join(normalize_text(query or "").split())[:SEARCH_MAX_LENGTH]
        chunks = query.split(" ") if query else []
        numbers = [number_key(c) for c in chunks if "/" in c]
        if len(chunks) == 1 and any(ch.isdigit() for ch in query):
            numbers = [number_key(query)]  # a number, whole or begun: "08/CT", "641"
        words = _WORD.findall(search_text(" ".join(c for c in chunks if number_key(c) not in numbers)))
        if not words and not any(_WORD.search(n) for n in numbers):
            return self.none()
        queryset, condition = self._text_condition(words) if words else (self, Q())
        for key in numbers:
            # Its own field, or a text that quotes it ("thực hiện Chỉ thị 08/CT-UBND").
            condition &= Q(number_key__startswith=key) | Q(search_text__contains=f" {key}")
        key = number_key(query)
        if len(chunks) == 1 and not numbers:
            condition |= Q(number_key__contains=key)  # a symbol alone: "SGDĐT-QLCL"
        rank = Case(
            When(number_key=key, then=Value(3)),
            When(number_key__startswith=numbers[0] if numbers else key, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            queryset.filter(condition)
            .annotate(search_rank=rank)
            .order_by("-search_rank", "-issue_date", "-pk")
        )

    def _text_condition(self, words):
        """(queryset, condition) matching every word; the last one may be the start of a word."""
        if connections[self.db].vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVectorField

            from examportal.db import StoredColumn

            # The stored, GIN-indexed vector of migration 0003.
            raw = " & ".join([*words[:-1], f"{words[-1]}:*"])
            queryset = self.alias(
                text_vector=StoredColumn("search_vector", output_field=SearchVectorField()))
            return queryset, Q(text_vector=SearchQuery(raw, config="simple", search_type="raw"))
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        return self, condition


class Document(models.Model):
    """An official document in the registry (văn bản chỉ đạo, hướng dẫn)."""

    number = models.CharField(
        "số, ký hiệu", max_length=60,
        help_text="Theo Nghị định 30/2020/NĐ-CP, không có dấu cách: 08/CT-UBND, 641/SGDĐT-QLCL, "
                  "15/2020/TT-BGDĐT.",
    )
    document_type = models.CharField("loại văn bản", max_length=2, choices=DocumentType.choices)
    issuer = models.ForeignKey(
        Issuer, on_delete=models.PROTECT, related_name="documents", verbose_name="cơ quan ban hành"
    )
    issue_date = models.DateField("ngày ban hành")
    effective_date = models.DateField("ngày có hiệu lực", null=True, blank=True)
    signer = models.CharField("người ký", max_length=120, blank=True)
    signer_title = models.CharField(
        "chức vụ người ký", max_length=160, blank=True,
        help_text="Ví dụ: Giám đốc; KT. Giám đốc — Phó Giám đốc.",
    )
    excerpt = models.TextField(
        "trích yếu", max_length=1000,
        help_text="Ví dụ: Về việc tăng cường chỉ đạo tổ chức Kỳ thi tốt nghiệp THPT năm 2021.",
    )
    exam_year = models.PositiveSmallIntegerField("năm thi", help_text="Kỳ thi mà văn bản áp dụng.")
    related_articles = models.ManyToManyField(
        "news.Article", blank=True, related_name="related_documents",
        verbose_name="bài viết liên quan",
    )
    is_published = models.BooleanField("đăng tải", default=False)
    published_at = models.DateTimeField(
        "thời điểm đăng tải", null=True, blank=True,
        help_text="Để trống: đăng ngay khi lưu. Có thể hẹn giờ đăng.",
    )
    download_count = models.PositiveIntegerField("lượt tải", default=0, editable=False)
    # Derived, kept in step by save(): what search and the uniqueness rule read.
    issue_year = models.PositiveSmallIntegerField("năm ban hành", editable=False)
    number_key = models.CharField(max_length=60, editable=False, db_index=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issue_date", "-pk"]
        permissions = [("publish_document", "Đăng tải, gỡ văn bản")]
        constraints = [
            models.UniqueConstraint(
                fields=["number_key", "issuer", "issue_year"], name="documents_unique_number",
                violation_error_message="Đã có văn bản cùng số, ký hiệu của cơ quan này trong năm.",
            ),
            models.CheckConstraint(
                condition=Q(effective_date__isnull=True) | Q(effective_date__gte=models.F("issue_date")),
                name="documents_effective_after_issue",
                violation_error_message="Ngày có hiệu lực không được trước ngày ban hành.",
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "published_at"], name="documents_public_idx"),
            models.Index(fields=["-issue_date", "-id"], name="documents_newest_idx"),
        ]

    def __str__(self):
        return f"{self.get_document_type_display()} {self.number}"

    def save(self, *args, **kwargs):
        self.number = normalize_number(self.number)
        self.excerpt = normalize_text(self.excerpt).strip()
        self.signer = normalize_text(self.signer).strip()
        self.signer_title = normalize_text(self.signer_title).strip()
        self.number_key = number_key(self.number)
        self.issue_year = self.issue_date.year
        if self.is_published and not self.published_at:
            self.published_at = timezone.now()
        issuer_name = self.issuer.name if self.issuer_id else ""
        self.search_text = search_text(" ".join([
            self.get_document_type_display(), self.number, self.excerpt, self.signer, issuer_name,
        ]))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("documents:detail", pk=self.pk, slug=self.slug)

    def get_print_url(self):
        return reverse("documents:print", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def title(self):
        return f"{self.get_document_type_display()} số {self.number}"

    @property
    def slug(self):
        return document_slug(self.document_type, self.number)

    @property
    def is_public(self):
        return bool(self.is_published and self.published_at and self.published_at <= timezone.now())

    def clean(self):
        errors = {}
        self.number = normalize_number(self.number)
        try:
            validate_number_format(self.number, self.document_type or None, self.issue_date)
        except ValidationError as exc:
            errors["number"] = exc
        today = timezone.localdate()
        if self.issue_date and self.issue_date > today:
            errors["issue_date"] = ValidationError(
                "Ngày ban hành không được ở tương lai (hôm nay là %(today)s).",
                code="future", params={"today": today.strftime("%d/%m/%Y")},
            )
        if self.issue_date and self.effective_date and self.effective_date < self.issue_date:
            errors["effective_date"] = ValidationError(
                "Ngày có hiệu lực (%(effective)s) không được trước ngày ban hành (%(issued)s).",
                code="before_issue",
                params={"effective": self.effective_date.strftime("%d/%m/%Y"),
                        "issued": self.issue_date.strftime("%d/%m/%Y")},
            )
        if self.exam_year is not None and not 2000 <= self.exam_year <= today.year + 1:
            errors["exam_year"] = ValidationError(
                "Năm thi phải từ 2000 đến %(max)s.", code="exam_year", params={"max": today.year + 1}
            )
        if "number" not in errors and self.issue_date and self.issuer_id:
            duplicate = Document.objects.filter(
                number_key=number_key(self.number), issuer_id=self.issuer_id,
                issue_year=self.issue_date.year,
            ).exclude(pk=self.pk)
            if duplicate.exists():
                errors["number"] = ValidationError(
                    "Đã có văn bản số %(number)s của %(issuer)s ban hành năm %(year)s.",
                    code="duplicate",
                    params={"number": self.number, "issuer": self.issuer, "year": self.issue_date.year},
                )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # clean() reports these rules with better messages, on the right field.
        exclude = set(exclude or ()) | {"number_key", "issue_year", "effective_date"}
        super().validate_constraints(exclude=exclude)


class DocumentFile(models.Model):
    """A file attached to a document, stored under a generated name and served by a view."""

    KIND_CHOICES = [(kind, KINDS[kind][2]) for kind in ("pdf", "doc", "docx", "xls", "xlsx", "odt")]

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name="văn bản"
    )
    file = models.FileField("tệp", upload_to=GeneratedPath("documents"), max_length=255)
    label = models.CharField(
        "tên tệp hiển thị", max_length=120, blank=True,
        help_text="Để trống nếu là toàn văn; ví dụ: Phụ lục 1.",
    )
    kind = models.CharField("định dạng", max_length=8, choices=KIND_CHOICES, editable=False)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0, editable=False)
    original_name = models.CharField("tên tệp gốc", max_length=255, blank=True, editable=False)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    download_count = models.PositiveIntegerField("lượt tải", default=0, editable=False)
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label or self.original_name or f"Tệp {self.pk}"

    def get_absolute_url(self):
        return reverse("documents:download", kwargs={"pk": self.pk})

    def get_open_url(self):
        return reverse("documents:open", kwargs={"pk": self.pk})

    @property
    def kind_label(self):
        return KINDS.get(self.kind, ("", "", self.kind))[2]

    @property
    def content_type(self):
        return KINDS.get(self.kind, ("", "application/octet-stream", ""))[1]

    @property
    def extension(self):
        return KINDS.get(self.kind, (".bin", "", ""))[0]

    @property
    def is_pdf(self):
        return self.kind == "pdf"
