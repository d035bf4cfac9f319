import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from examportal.roles import INSPECTORS, OPERATORS


def jpeg_bytes(size=(64, 48), exif=True):
    output = io.BytesIO()
    image = Image.new("RGB", size, (30, 120, 200))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam Maker"  # Make
        data[0x0110] = "Model-of-phone-X"  # Model
        data[0x8825] = {2: (21.0, 24.0, 0.0), 4: (103.0, 27.0, 0.0)}  # GPS
        kwargs["exif"] = data.tobytes()
    image.save(output, format="JPEG", **kwargs)
    return output.getvalue()


def png_bytes(size=(20, 20)):
    output = io.BytesIO()
    Image.new("RGB", size, (10, 200, 10)).save(output, format="PNG")
    return output.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _hotline_settings(settings):
    settings.HOTLINE_MIN_FILL_SECONDS = 0
    settings.HOTLINE_NOTIFY_EMAILS = []
    return settings


@pytest.fixture
def inspector(make_staff):
    return make_staff(INSPECTORS, username="thanhtra1", first_name="Sử", last_name="Vàng A",
                      email="thanhtra1@example.org")


@pytest.fixture
def inspector2(make_staff):
    return make_staff(INSPECTORS, username="thanhtra2", first_name="Lan", last_name="Nguyễn Thị",
                      email="thanhtra2@example.org")


@pytest.fixture
def chief(make_staff):
    """An inspector who also holds the separate reporter-identity permission."""
    from django.contrib.auth.models import Permission

    user = make_staff(INSPECTORS, username="chanhthanhtra", email="chanh@example.org")
    user.user_permissions.add(Permission.objects.get(codename="view_reporter_identity"))
    return user


@pytest.fixture
def operator(make_staff):
    return make_staff(OPERATORS, username="tongdai1", first_name="Mai", last_name="Tẩn Thị")


@pytest.fixture
def operator2(make_staff):
    return make_staff(OPERATORS, username="tongdai2")


IDENTITY = {
    "reporter_name": "Trần Thị Bí Mật",
    "reporter_phone": "0987 654 321",
    "reporter_email": "bimat.phuhuynh@example.com",
}
SECRET_IP = "203.0.113.77"


@pytest.fixture
def make_report(db):
    from hotline import services
    from hotline.models import Category

    def make(**kwargs):
        data = {"category": Category.CHEATING, "place": "Điểm thi THPT Phong Thổ",
                "description": "Thí sinh phòng 12 dùng điện thoại trong giờ thi môn Toán."}
        data.update(kwargs)
        return services.submit_report(**data)

    return make


@pytest.fixture
def identified_report(make_report):
    report, key = make_report(**IDENTITY, ip=SECRET_IP)
    return report
