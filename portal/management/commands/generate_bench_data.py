"""Fill a benchmark database at exam-day volume: 3 exam years, 20,000 articles, 3,000
documents, 10,000 hotline reports, tags and image references. Only for a database whose name
contains "bench" (or with --force): it writes a lot and never cleans up."""

import datetime
import io
import random

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image

from examportal.text import normalize_text, search_text, slugify_vi

SUBJECTS = ["Ngữ văn", "Toán", "Ngoại ngữ", "Vật lí", "Hóa học", "Sinh học", "Lịch sử",
            "Địa lí", "Giáo dục công dân", "Tiếng Anh"]
DISTRICTS = ["Thành phố Lai Châu", "Tam Đường", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Than Uyên",
             "Tân Uyên", "Nậm Nhùn"]
TOPICS = [
    "Kỳ thi tốt nghiệp THPT năm {year}: buổi thi môn {subject} tại {district} diễn ra an toàn",
    "{district} hoàn tất công tác chuẩn bị cho Kỳ thi tốt nghiệp THPT năm {year}",
    "Kinh nghiệm ôn thi môn {subject} cho thí sinh {district}",
    "Ban Chỉ đạo thi tỉnh kiểm tra điểm thi tại {district} trước môn {subject}",
    "Thông cáo báo chí số {n} về Kỳ thi tốt nghiệp THPT năm {year}",
    "Gương người tốt: giáo viên {district} đưa thí sinh đến điểm thi môn {subject}",
    "Kết quả thi môn {subject} năm {year} của thí sinh {district}",
    "Hướng dẫn thí sinh làm thủ tục dự thi môn {subject} năm {year}",
]


class Command(BaseCommand):
    help = "Sinh dữ liệu khối lượng lớn cho benchmark (chỉ dùng với CSDL benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--documents", type=int, default=3_000)
        parser.add_argument("--reports", type=int, default=10_000)
        parser.add_argument("--tags", type=int, default=200)
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, **options):
        name = str(settings.DATABASES["default"]["NAME"])
        if "bench" not in name and not options["force"]:
            raise CommandError(f"Database {name!r} is not a benchmark database (use --force).")
        self.random = random.Random(2021)  # noqa: S311 - sample data, not security
        columns = self.columns()
        self.articles(columns, options["articles"], options["tags"])
        self.documents(options["documents"])
        self.reports(options["reports"])
        self.stdout.write(self.style.SUCCESS("Benchmark data ready."))

    def columns(self):
        from examyears.services import ensure_year
        from news.models import Column

        columns = []
        for year in (2021, 2019, 2020):  # 2021 first: with no current year it becomes current
            ensure_year(year)
            columns.append(Column.objects.get(year=year))
        return columns

    def cover_images(self):
        names = []
        for n in range(6):
            output = io.BytesIO()
            Image.new("RGB", (1280, 720), (20 + 30 * n, 70, 140)).save(output, format="JPEG")
            names.append(default_storage.save(f"bench/cover-{n}.jpg",
                                              ContentFile(output.getvalue())))
        return names

    @transaction.atomic
    def articles(self, columns, total, tag_total):
        from news.models import Article, ArticleTag, TaggedArticle

        existing = Article.objects.count()
        if existing >= total:
            self.stdout.write(f"Articles: {existing} already.")
            return
        tags = []
        for n in range(tag_total):
            name = f"{self.random.choice(SUBJECTS)} {self.random.choice(DISTRICTS)} {n}"
            tag, _ = ArticleTag.objects.get_or_create(slug=slugify_vi(name), defaults={"name": name})
            tags.append(tag)
        sections = {c.year: list(c.sections.all()) for c in columns}
        busy = next(s for s in sections[2021] if s.slug == "tinh-hinh-to-chuc-thi")
        covers = self.cover_images()
        now = timezone.now()
        batch = []
        for i in range(existing, total):
            year = 2021 if i % 2 == 0 else (2019, 2020)[i % 4 // 2]
            # A quarter of everything lands in one section, so it has 200+ pages of 20.
            section = busy if i % 4 == 0 else self.random.choice(sections[year])
            title = normalize_text(self.random.choice(TOPICS).format(
                year=year, subject=self.random.choice(SUBJECTS),
                district=self.random.choice(DISTRICTS), n=i))
            moment = timezone.make_aware(datetime.datetime(year, 6, 1, 7)) + datetime.timedelta(
                minutes=i * 13 % (90 * 24 * 60))
            moment = min(moment, now - datetime.timedelta(minutes=1))
            lead = f"Thông tin về {title.lower()}, do Văn phòng Sở tổng hợp (dữ liệu mẫu)."
            body = "".join(f"<p>{lead} Đoạn {p}: thí sinh, phụ huynh và các điểm thi.</p>"
                           for p in range(6))
            cover = covers[i % len(covers)] if i % 3 == 0 else ""
            batch.append(Article(
                section=section, title=title, slug=f"{slugify_vi(title, 150)}-{i}", lead=lead,
                body=body, status=Article.Status.PUBLISHED, publish_at=moment,
                first_published_at=moment, byline="Văn phòng Sở", source="Sở GDĐT Lai Châu",
                cover_image=cover, cover_width=1280 if cover else None,
                cover_height=720 if cover else None,
                cover_alt="Ảnh minh họa (dữ liệu mẫu)" if cover else "",
                search_title=search_text(title),
                search_body=search_text(f"{lead} {body} Văn phòng Sở"),
            ))
            if len(batch) == 2000:
                self.flush_articles(batch, tags, TaggedArticle)
                batch = []
        if batch:
            self.flush_articles(batch, tags, TaggedArticle)
        self.stdout.write(f"Articles: {Article.objects.count()}.")

    def flush_articles(self, batch, tags, tagged_model):
        from news.models import Article

        created = Article.objects.bulk_create(batch)
        if created and created[0].pk is None:  # databases that do not return keys
            slugs = [a.slug for a in created]
            created = list(Article.objects.filter(slug__in=slugs))
        links = []
        for article in created:
            for tag in self.random.sample(tags, 2):
                links.append(tagged_model(content_object=article, tag=tag))
        tagged_model.objects.bulk_create(links, ignore_conflicts=True)

    @transaction.atomic
    def documents(self, total):
        from documents.models import Document, DocumentType, Issuer, number_key

        existing = Document.objects.count()
        if existing >= total:
            self.stdout.write(f"Documents: {existing} already.")
            return
        issuers = list(Issuer.objects.all()) or [
            Issuer.objects.create(name="Sở Giáo dục và Đào tạo tỉnh Lai Châu")]
        symbols = {"QD": "QĐ", "ND": "NĐ", "CD": "CĐ"}
        types = [t for t in DocumentType if t.value]
        now = timezone.now()
        batch = []
        for i in range(existing, total):
            issuer = issuers[i % len(issuers)]
            doc_type = types[i % len(types)]
            year = 2019 + i % 3
            code = symbols.get(doc_type.value, doc_type.value)
            symbol = f"{code}-SGDĐT" if doc_type.value != "CV" else "SGDĐT-QLCL"
            number = f"{1000 + i}/{symbol}"
            issued = datetime.date(year, 1 + i % 8, 1 + i % 27)
            excerpt = normalize_text(
                f"Về việc tổ chức Kỳ thi tốt nghiệp THPT năm {year} tại {DISTRICTS[i % 8]} "
                f"(văn bản mẫu số {i})")
            batch.append(Document(
                number=number, document_type=doc_type.value, issuer=issuer, issue_date=issued,
                signer="Đinh Trung Tuấn", signer_title="Giám đốc", excerpt=excerpt,
                exam_year=year, is_published=True,
                published_at=min(timezone.make_aware(datetime.datetime(
                    issued.year, issued.month, issued.day, 8)), now),
                issue_year=year, number_key=number_key(number),
                search_text=search_text(f"{doc_type.label} {number} {excerpt} Đinh Trung Tuấn "
                                        f"{issuer.name}"),
            ))
        Document.objects.bulk_create(batch, batch_size=1000, ignore_conflicts=True)
        self.stdout.write(f"Documents: {Document.objects.count()}.")

    @transaction.atomic
    def reports(self, total):
        from hotline.models import Category, Channel, ReferenceCounter, Report

        existing = Report.objects.count()
        if existing >= total:
            self.stdout.write(f"Reports: {existing} already.")
            return
        categories = [c.value for c in Category]
        now = timezone.now()
        per_year = {}
        batch = []
        for i in range(existing, total):
            year = 2019 + i % 3
            per_year[year] = per_year.get(year, 0) + 1
            number = 100_000 + i
            received = timezone.make_aware(datetime.datetime(year, 7, 7, 7)) + \
                datetime.timedelta(minutes=i % 5000)
            batch.append(Report(
                year=year, number=number, reference=f"DDN-{year}-{number:06d}",
                category=categories[i % len(categories)], place=DISTRICTS[i % 8],
                place_search=search_text(DISTRICTS[i % 8]),
                description="Phản ánh mẫu cho benchmark.", channel=Channel.values[i % 2],
                received_at=min(received, now), first_response_due=received,
            ))
        Report.objects.bulk_create(batch, batch_size=1000)
        for year in per_year:
            ReferenceCounter.objects.update_or_create(
                year=year, defaults={"last_number": 100_000 + total})
        self.stdout.write(f"Reports: {Report.objects.count()}.")
