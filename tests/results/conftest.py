import datetime
import zoneinfo

import pytest

from examportal.roles import ADMINISTRATORS, EDITORS, TESTING_OFFICE

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
RELEASE = datetime.datetime(2021, 7, 26, tzinfo=VN)
HEADER = ("SBD,Mã trường,Mã huyện,Toán,Ngữ văn,Ngoại ngữ,Mã môn ngoại ngữ,Vật lí,Hóa học,Sinh học,"
          "Lịch sử,Địa lí,GDCD")


@pytest.fixture
def year(exam_column):
    from examyears.models import ExamYear

    return ExamYear.objects.get(year=2021)


@pytest.fixture
def officer(make_staff):
    return make_staff(TESTING_OFFICE, username="khaothi")


@pytest.fixture
def administrator(make_staff):
    return make_staff(ADMINISTRATORS, username="quantri")


@pytest.fixture
def editor(make_staff):
    return make_staff(EDITORS, username="bientap")


def csv_file(*lines, header=HEADER):
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


@pytest.fixture
def seeded(year, officer):
    """200 sample candidates (07000001…) as version 1."""
    from results import demo, services

    rows = demo.generate(200)
    services.import_rows(user=officer, exam_year=year, rows=rows, file_name="mau.csv")
    return rows


def csv_line(row):
    """A cleaned row (results.demo.generate) back as a line of the Ministry's layout."""
    from results.subjects import SUBJECT_KEYS

    cells = []
    for key in ("toan", "van", "ngoai_ngu", "language_code", "ly", "hoa", "sinh", "su", "dia",
                "gdcd"):
        if key == "language_code":
            cells.append(row[key])
            continue
        status = row["statuses"][SUBJECT_KEYS.index(key)]
        cells.append(str(row[key]) if status == "S" else {"V": "V", "D": "ĐC", "-": ""}[status])
    return ",".join([row["number"], row["school_code"], row["district_code"], *cells])
