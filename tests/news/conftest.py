import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from examportal.roles import CONTRIBUTORS, EDITORS
from news.models import Article, Section


def image_file(name="anh.jpg", fmt="JPEG", size=(1600, 900), exif=False):
    output = io.BytesIO()
    image = Image.new("RGB", size, (30, 90, 160))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera maker"
        data[0x8825] = {2: (21.0, 24.0, 0.0)}
        kwargs["exif"] = data.tobytes()
    image.save(output, format=fmt, **kwargs)
    return SimpleUploadedFile(name, output.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def section(exam_column):
    return Section.objects.get(column=exam_column, slug="tinh-hinh-to-chuc-thi")


@pytest.fixture
def other_section(exam_column):
    return Section.objects.get(column=exam_column, slug="ket-qua-thi")


@pytest.fixture
def editor(make_staff):
    return make_staff(EDITORS, username="bientap", first_name="Hà", last_name="Nguyễn Thị Thu")


@pytest.fixture
def editor2(make_staff):
    return make_staff(EDITORS, username="bientap2", first_name="Lan", last_name="Trần")


@pytest.fixture
def contributor(make_staff):
    return make_staff(CONTRIBUTORS, username="congtac", first_name="Minh", last_name="Lò Văn")


@pytest.fixture
def contributor2(make_staff):
    return make_staff(CONTRIBUTORS, username="congtac2")


@pytest.fixture
def make_article(section):
    """Create an article directly (no workflow): make_article(title=..., status=..., ...)."""
    counter = {"n": 0}

    def make(title=None, status=Article.Status.PUBLISHED, publish_at=None, tags=(), **fields):
        counter["n"] += 1
        title = title or f"Bài viết thử số {counter['n']}"
        now = timezone.now()
        if status == Article.Status.PUBLISHED and publish_at is None:
            publish_at = now - timedelta(hours=counter["n"])
        fields.setdefault("section", section)
        fields.setdefault("lead", f"Sapo của {title}.")
        fields.setdefault("body", f"<p>Nội dung của {title}.</p>")
        if status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN) and publish_at:
            fields.setdefault("first_published_at", publish_at)
        article = Article.objects.create(title=title, status=status, publish_at=publish_at, **fields)
        if tags:
            article.tags.set(list(tags))
            article.refresh_search_text()
        return article

    return make
