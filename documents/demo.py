"""Demo registry: the 2021 documents a real registry would hold, each with a small generated PDF.

Idempotent: a document is found again by number, issuer and year; a file is generated only when
the document has none. Texts are short samples written for this project.
"""

import datetime
import textwrap
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db.models import Q

from examportal.text import strip_diacritics

from . import services
from .models import Document, DocumentType, Issuer, number_key

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

BO = "Bộ Giáo dục và Đào tạo"
UBND = "UBND tỉnh Lai Châu"
BCD = "Ban Chỉ đạo thi cấp tỉnh"
SO = "Sở Giáo dục và Đào tạo tỉnh Lai Châu"
HDT = "Hội đồng thi tỉnh Lai Châu"
ISSUERS = [BO, UBND, BCD, SO, HDT]

T = DocumentType
# type, number, issuer, issue date, effective date, signer title, signer, excerpt, body
DOCUMENTS = [
    (T.CIRCULAR, "15/2020/TT-BGDĐT", BO, (2020, 5, 26), (2020, 7, 11), "KT. Bộ trưởng — Thứ trưởng",
     "Nguyễn Hữu Độ", "Ban hành Quy chế thi tốt nghiệp trung học phổ thông",
     "Quy chế quy định về thi tốt nghiệp THPT: chuẩn bị, tổ chức thi, chấm thi, phúc khảo, xét "
     "công nhận tốt nghiệp; nhiệm vụ, quyền hạn của các cơ quan, tổ chức, cá nhân tham gia kỳ thi."),
    (T.CIRCULAR, "05/2021/TT-BGDĐT", BO, (2021, 3, 12), (2021, 4, 27), "KT. Bộ trưởng — Thứ trưởng",
     "Nguyễn Hữu Độ",
     "Sửa đổi, bổ sung một số điều của Quy chế thi tốt nghiệp trung học phổ thông ban hành kèm "
     "theo Thông tư số 15/2020/TT-BGDĐT ngày 26 tháng 5 năm 2020 của Bộ trưởng Bộ Giáo dục và "
     "Đào tạo",
     "Thông tư sửa đổi, bổ sung một số điều của Quy chế thi tốt nghiệp THPT áp dụng từ Kỳ thi năm "
     "2021."),
    (T.DIRECTIVE, "08/CT-UBND", UBND, (2021, 5, 12), (2021, 5, 12), "Chủ tịch", "",
     "Về việc tăng cường chỉ đạo tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm 2021 trên địa "
     "bàn tỉnh Lai Châu",
     "Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành, UBND các huyện, thành phố tăng cường chỉ đạo, "
     "phối hợp tổ chức Kỳ thi tốt nghiệp THPT năm 2021 nghiêm túc, an toàn, đúng quy chế; bảo đảm "
     "công tác phòng, chống dịch COVID-19 tại các điểm thi."),
    (T.PLAN, "65/KH-SGDĐT", SO, (2021, 5, 20), None, "Giám đốc", "Đinh Trung Tuấn",
     "Truyền thông về Kỳ thi tốt nghiệp THPT năm 2021",
     "Thực hiện Chỉ thị số 08/CT-UBND ngày 12/5/2021 của Chủ tịch UBND tỉnh Lai Châu, Sở Giáo dục và "
     "Đào tạo xây dựng Kế hoạch truyền thông về Kỳ thi tốt nghiệp THPT năm 2021: xây dựng chuyên mục "
     "trên Trang Thông tin điện tử của ngành, phối hợp với các cơ quan truyền thông, thông cáo báo "
     "chí, kết nối thông tin với Văn phòng Bộ GDĐT. Điện thoại liên hệ: 02133799569, 02133876961."),
    (T.DECISION, "512/QĐ-UBND", UBND, (2021, 4, 15), (2021, 4, 15), "KT. Chủ tịch — Phó Chủ tịch", "",
     "Về việc thành lập Ban Chỉ đạo thi tốt nghiệp trung học phổ thông năm 2021 tỉnh Lai Châu",
     "Thành lập Ban Chỉ đạo thi cấp tỉnh gồm lãnh đạo UBND tỉnh, Sở GDĐT, Công an tỉnh, Sở Y tế và "
     "các cơ quan liên quan; Ban Chỉ đạo tự giải thể sau khi hoàn thành nhiệm vụ."),
    (T.LETTER, "641/SGDĐT-QLCL", SO, (2021, 4, 20), None, "KT. Giám đốc — Phó Giám đốc", "",
     "V/v hướng dẫn đăng ký dự thi tốt nghiệp THPT năm 2021",
     "Hướng dẫn các trường THPT, trung tâm GDNN-GDTX tổ chức cho thí sinh đăng ký dự thi, kiểm tra "
     "thông tin đăng ký và nhập dữ liệu lên hệ thống quản lý thi đúng thời hạn."),
    (T.PLAN, "12/KH-BCĐ", BCD, (2021, 5, 25), None, "Trưởng ban", "",
     "Tổ chức Kỳ thi tốt nghiệp THPT năm 2021 trên địa bàn tỉnh Lai Châu",
     "Lịch thi: ngày 6/7 thí sinh làm thủ tục dự thi; sáng 7/7 Ngữ văn, chiều 7/7 Toán; sáng 8/7 bài "
     "thi tổ hợp; chiều 8/7 Ngoại ngữ; ngày 9/7 dự phòng. Phân công nhiệm vụ các sở, ngành và "
     "UBND các huyện, thành phố."),
    (T.GUIDANCE, "09/HD-SGDĐT", SO, (2021, 6, 2), None, "KT. Giám đốc — Phó Giám đốc", "",
     "Hướng dẫn công tác phòng, chống dịch COVID-19 tại các điểm thi tốt nghiệp THPT năm 2021",
     "Các điểm thi bố trí phòng thi dự phòng, khu vực đo thân nhiệt, khẩu trang, dung dịch sát khuẩn; "
     "thí sinh có biểu hiện sốt, ho được bố trí thi tại phòng riêng."),
    (T.LETTER, "802/SGDĐT-QLCL", SO, (2021, 6, 8), None, "KT. Giám đốc — Phó Giám đốc", "",
     "V/v tập huấn nghiệp vụ tổ chức Kỳ thi tốt nghiệp THPT năm 2021",
     "Triệu tập cán bộ làm công tác thi tham dự tập huấn quy chế và nghiệp vụ coi thi, in sao đề "
     "thi, chấm thi."),
    (T.NOTICE, "45/TB-SGDĐT", SO, (2021, 6, 15), None, "Chánh Văn phòng", "",
     "Thông báo số điện thoại, địa chỉ thư điện tử đường dây nóng Kỳ thi tốt nghiệp THPT năm 2021",
     "Đường dây nóng tiếp nhận thông tin về Kỳ thi: 02133799569, 02133876961; thư điện tử "
     "vp.sogddt@laichau.gov.vn. Thanh tra Sở và Phòng Khảo thí và QLCLGD tiếp nhận, xử lý."),
    (T.DECISION, "789/QĐ-SGDĐT", SO, (2021, 6, 18), (2021, 6, 18), "Giám đốc", "Đinh Trung Tuấn",
     "Về việc thành lập Hội đồng thi tốt nghiệp THPT năm 2021 tỉnh Lai Châu",
     "Thành lập Hội đồng thi mã 07 do Sở GDĐT chủ trì; quy định các điểm thi trên địa bàn các "
     "huyện Tam Đường, Phong Thổ, Sìn Hồ, Mường Tè, Than Uyên, Tân Uyên, Nậm Nhùn và thành phố Lai "
     "Châu."),
    (T.NOTICE, "03/TB-HĐT", HDT, (2021, 6, 28), None, "Chủ tịch Hội đồng thi", "",
     "Thông báo lịch thi và nội quy phòng thi Kỳ thi tốt nghiệp THPT năm 2021",
     "Ngữ văn 120 phút sáng 7/7; Toán 90 phút chiều 7/7; bài thi tổ hợp Khoa học tự nhiên hoặc Khoa "
     "học xã hội 150 phút sáng 8/7; Ngoại ngữ 60 phút chiều 8/7."),
    (T.DISPATCH, "05/CĐ-UBND", UBND, (2021, 7, 3), None, "Chủ tịch", "",
     "Về việc bảo đảm an toàn phòng, chống dịch COVID-19 trong Kỳ thi tốt nghiệp THPT năm 2021",
     "Yêu cầu các huyện, thành phố và các điểm thi thực hiện nghiêm các biện pháp phòng, chống dịch "
     "trong những ngày thi 6, 7, 8 và 9/7/2021."),
    (T.GUIDANCE, "14/HD-SGDĐT", SO, (2021, 7, 20), None, "KT. Giám đốc — Phó Giám đốc", "",
     "Hướng dẫn tổ chức thi tốt nghiệp THPT đợt 2 năm 2021 cho thí sinh bị ảnh hưởng bởi dịch "
     "COVID-19",
     "Thí sinh không thể dự thi đợt 1 do dịch COVID-19 được dự thi đợt 2 vào các ngày 6 và 7/8/2021 "
     "tại điểm thi do Sở GDĐT bố trí."),
    (T.NOTICE, "52/TB-SGDĐT", SO, (2021, 7, 26), None, "KT. Giám đốc — Phó Giám đốc", "",
     "Thông báo kết quả Kỳ thi tốt nghiệp THPT năm 2021 và lịch phúc khảo",
     "Điểm thi được công bố ngày 26/7/2021. Thí sinh nộp đơn phúc khảo tại nơi đăng ký dự thi theo "
     "lịch của Hội đồng thi."),
    (T.REPORT, "210/BC-SGDĐT", SO, (2021, 8, 10), None, "Giám đốc", "Đinh Trung Tuấn",
     "Báo cáo kết quả tổ chức Kỳ thi tốt nghiệp THPT năm 2021 trên địa bàn tỉnh Lai Châu",
     "Kỳ thi được tổ chức nghiêm túc, an toàn, đúng quy chế; công tác truyền thông được thực hiện "
     "theo Kế hoạch số 65/KH-SGDĐT."),
    (T.LETTER, "955/SGDĐT-VP", SO, (2021, 6, 21), None, "Chánh Văn phòng", "",
     "V/v gửi tin, bài gương người tốt, việc tốt trong Kỳ thi tốt nghiệp THPT năm 2021",
     "Đề nghị các đơn vị gửi tin, bài về gương người tốt, việc tốt trong Kỳ thi về địa chỉ "
     "vp.sogddt@laichau.gov.vn để đăng trên chuyên mục của ngành."),
]


# Demo articles a document is related to, by words of their titles (soft links: nothing
# breaks when the news demo changes).
RELATED_TITLES = {
    "641/SGDĐT-QLCL": ["dang ky du thi"],
    "12/KH-BCĐ": ["ban chi dao thi cap tinh giao ban"],
    "09/HD-SGDĐT": ["phong, chong dich covid-19 tai cac diem thi", "dien tap phuong an phong, chong dich"],
    "802/SGDĐT-QLCL": ["tap huan nghiep vu"],
    "03/TB-HĐT": ["vat dung thi sinh duoc mang vao phong thi", "lam thu tuc du thi"],
    "14/HD-SGDĐT": ["thi dot 2"],
    "52/TB-SGDĐT": ["cong bo ket qua ky thi", "nop don phuc khao"],
    "210/BC-SGDĐT": ["tong ket dot 1"],
    "955/SGDĐT-VP": ["thay giao vuot 40 km", "bua com mien phi"],
}


def _pdf_text(value):
    text = strip_diacritics(value).replace("—", "-").replace("“", '"').replace("”", '"')
    text = text.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines):
    """A small valid one-page PDF (A4, Helvetica) holding ``lines``; Vietnamese without marks."""
    stream = ["BT", "/F1 11 Tf", "14 TL", "60 780 Td"]
    for line in lines:
        for part in textwrap.wrap(line, 88) or [""]:
            stream.append(f"({_pdf_text(part)}) Tj T*")
    stream.append("ET")
    content = "\n".join(stream).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def document_pdf(document, body):
    issued = document.issue_date
    place = "Ha Noi" if document.issuer.name == BO else "Lai Chau"
    signature = " ".join(x for x in (document.signer_title, document.signer) if x)
    return make_pdf([
        document.issuer.name.upper(),
        f"So: {document.number}",
        f"{place}, ngay {issued.day} thang {issued.month} nam {issued.year}",
        "",
        document.get_document_type_display().upper(),
        document.excerpt,
        "",
        body,
        "",
        signature,
        "",
        "(Van ban mau cua Cong thong tin Ky thi tot nghiep THPT - du lieu trinh dien.)",
    ])


def _date(parts):
    return datetime.date(*parts) if parts else None


def seed(stdout):
    from news.models import Article

    issuers = {}
    for position, name in enumerate(ISSUERS):
        issuers[name], _ = Issuer.objects.get_or_create(name=name, defaults={"position": position})
    created = 0
    for kind, number, issuer_name, issued, effective, title, signer, excerpt, body in DOCUMENTS:
        issuer = issuers[issuer_name]
        issue_date = _date(issued)
        document = Document.objects.filter(
            number_key=number_key(number), issuer=issuer, issue_year=issue_date.year
        ).first()
        if document is None:
            document = Document(
                document_type=kind, number=number, issuer=issuer, issue_date=issue_date,
                effective_date=_date(effective), signer_title=title, signer=signer,
                excerpt=excerpt, exam_year=2021, is_published=True,
                published_at=datetime.datetime(*issued, 9, 0, tzinfo=TZ) + datetime.timedelta(days=1),
            )
            document.full_clean(exclude=["related_articles"])
            document.save()
            created += 1
        if not document.files.exists():
            pdf = ContentFile(document_pdf(document, body), name="van-ban.pdf")
            services.attach_file(document, pdf)
        key = number_key(number)
        related = Q(search_body__contains=key) | Q(search_title__contains=key)
        for phrase in RELATED_TITLES.get(number, []):
            related |= Q(search_title__contains=phrase)
        document.related_articles.add(*Article.objects.filter(related))
    stdout.write(f"Văn bản: {created} văn bản mới, {Document.objects.count()} trong sổ văn bản.")
