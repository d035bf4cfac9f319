"""What the fault tests ask of the portal's pages, and how they judge the answers."""

import json
import re

from .client import Client, choice_values, first_link, hidden_value

PHONES = ("02133799569", "02133876961")
BARE_ERRORS = ("Internal Server Error", "Server Error (500)", "Bad Request (400)",
               "Service Unavailable</h1>")


def is_vietnamese_html(response):
    text = response.text
    return ('lang="vi"' in text and not any(bare in text for bare in BARE_ERRORS)
            and re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text))


def judge(response, expect=200, kind="html"):
    """'' when the answer is what a working portal gives, else what is wrong."""
    if response.error:
        return response.error
    if response.status not in (expect if isinstance(expect, tuple) else (expect,)):
        return f"status {response.status} (expected {expect}): {response.text[:120]!r}"
    ctype = response.header("content-type")
    if kind == "html":
        if "text/html" not in ctype or not is_vietnamese_html(response):
            return f"not a Vietnamese HTML page ({ctype}): {response.text[:120]!r}"
    elif kind == "xml":
        if "xml" not in ctype or not response.text.lstrip().startswith("<?xml"):
            return f"not XML ({ctype})"
    elif kind == "json":
        try:
            json.loads(response.text)
        except ValueError:
            return f"not JSON ({ctype})"
    elif kind == "text" and "text/plain" not in ctype:
        return f"not text ({ctype})"
    return ""


def judge_error_page(response, status, retry_after=False):
    """An error page as issue 14 wants it: the status, Vietnamese, the hotline numbers as tel:
    links, noindex, never stored by a shared cache, Retry-After where it says to retry."""
    problem = judge(response, status)
    if problem:
        return problem
    text = response.text
    if not all(f'href="tel:{phone}"' in text for phone in PHONES):
        return "no hotline numbers"
    if "noindex" not in text:
        return "not noindex"
    if retry_after and not response.header("retry-after").isdigit():
        return "no Retry-After"
    if status >= 500 and "public" in response.header("cache-control"):
        return f"cacheable: {response.header('cache-control')}"
    return ""


def public_pages(client):
    """[(label, path, kind)] of every public page, links found on the pages themselves."""
    column = client.get("/ky-thi/2021/").text
    documents = client.get("/van-ban/").text
    questions = client.get("/hoi-dap/").text
    article = first_link(column, r"/bai-viet/[^\"/]+/")
    tag = None
    for link in re.findall(r'href="(/bai-viet/[^"/]+/)"', column)[:10]:
        tag = first_link(client.get(link).text, r"/chu-de/[^\"/]+/")
        if tag:
            break
    pages = [
        ("Trang chủ", "/", "html"),
        ("Chuyên mục", "/ky-thi/2021/", "html"),
        ("Mục", first_link(column, r"/ky-thi/2021/[a-z0-9-]+/"), "html"),
        ("Bài viết", article, "html"),
        ("Chủ đề", tag, "html"),
        ("Lưu trữ", "/luu-tru/", "html"),
        ("Tìm kiếm", "/tim-kiem/?q=l%E1%BB%8Bch+thi", "html"),
        ("Văn bản", "/van-ban/", "html"),
        ("Văn bản (chi tiết)", first_link(documents, r"/van-ban/\d+-[^\"/]+/"), "html"),
        ("RSS chuyên mục", "/ky-thi/2021/rss.xml", "xml"),
        ("Atom chuyên mục", "/ky-thi/2021/atom.xml", "xml"),
        ("JSON Feed chuyên mục", "/ky-thi/2021/feed.json", "json"),
        ("RSS văn bản", "/van-ban/rss.xml", "xml"),
        ("Atom văn bản", "/van-ban/atom.xml", "xml"),
        ("JSON Feed văn bản", "/van-ban/feed.json", "json"),
        ("Theo dõi tin", "/theo-doi/", "html"),
        ("Nhúng tin", "/nhung-tin/", "html"),
        ("sitemap.xml", "/sitemap.xml", "xml"),
        ("robots.txt", "/robots.txt", "text"),
        ("Sơ đồ trang", "/so-do-trang/", "html"),
        ("Hỏi – đáp", "/hoi-dap/", "html"),
        ("Câu hỏi", first_link(questions, r"/hoi-dap/cau-hoi/\d+/[^\"/]+/"), "html"),
        ("Đặt câu hỏi", "/hoi-dap/dat-cau-hoi/", "html"),
        ("Lịch thi", "/lich-thi/", "html"),
        ("Điểm thi", "/lich-thi/diem-thi/", "html"),
        ("Tra cứu điểm thi", "/ket-qua-thi/2021/", "html"),
        ("Điểm của một thí sinh", "/ket-qua-thi/2021/?sbd=07000001", "html"),
        ("Thống kê điểm thi", "/ket-qua-thi/2021/thong-ke/", "html"),
        ("Nhận tin", "/nhan-tin/", "html"),
        ("Đường dây nóng", "/duong-day-nong/", "html"),
        ("Gửi phản ánh (form)", "/duong-day-nong/gui-phan-anh/", "html"),
        ("Tra cứu phản ánh (form)", "/duong-day-nong/tra-cuu/", "html"),
    ]
    return pages


def report_fields(form_html, description="Phát hiện thí sinh mang điện thoại vào phòng thi."):
    """The report form's fields filled as a person would, from the form page's HTML."""
    categories = choice_values(form_html, "category")
    return {
        "csrfmiddlewaretoken": hidden_value(form_html, "csrfmiddlewaretoken") or "",
        "form_token": hidden_value(form_html, "form_token") or "",
        "website": "",
        "category": categories[0] if categories else "",
        "exam_site": "",
        "place": "Cổng điểm thi",
        "occurred_date": "",
        "occurred_time": "",
        "description": description,
        "reporter_name": "",
        "reporter_phone": "",
        "reporter_email": "",
    }


RECEIPT = re.compile(r'id="reference">\s*([A-Z]+-\d{4}-\d+)\s*<')
ACCESS_KEY = re.compile(r'id="access-key">\s*([^<]+?)\s*<')


def submit_report(port, description=None, timeout=30):
    """One person's submission with a cookie jar of their own: GET the form, POST it.

    Returns (form response, post response or None, reference or None, access key or None).
    """
    client = Client(port, timeout=timeout)
    form = client.get("/duong-day-nong/gui-phan-anh/")
    if form.status != 200:
        return form, None, None, None
    fields = report_fields(form.text, *([description] if description else []))
    posted = client.post("/duong-day-nong/gui-phan-anh/", fields)
    reference = RECEIPT.search(posted.text) if posted.status == 200 else None
    key = ACCESS_KEY.search(posted.text) if reference else None
    return form, posted, reference and reference.group(1), key and key.group(1)
