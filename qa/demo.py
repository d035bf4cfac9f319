"""Sample questions and answers for ``seed_demo`` (idempotent: a question is matched by its text).

Written for this project as parents and students ask them; the facts come from DESIGN.md (exam
timetable, Thông tư 15/2020 amended by 05/2021, the hotline numbers). Every answer ends with a
note that it is sample content.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Question, Topic
from .services import answer_question, ask_question

SAMPLE_NOTE = "(Câu hỏi và trả lời mẫu, soạn để trình diễn cổng thông tin.)"
T = Topic

# (topic, asked "dd/mm", answered "dd/mm", name, full name shown, place, title, question,
#  answer paragraphs, cited document numbers, pinned, views)
ANSWERED = [
    (T.REGISTRATION, "02/06", "03/06", "Lò Văn Thành", False, "Thí sinh tự do, huyện Tam Đường",
     "Thí sinh tự do đã tốt nghiệp muốn thi lại để xét tuyển đại học thì đăng ký ở đâu?",
     "Em tốt nghiệp THPT năm 2019, năm nay muốn thi lại môn Toán và bài Khoa học tự nhiên để xét "
     "tuyển đại học. Em phải đăng ký ở đâu và cần mang giấy tờ gì ạ?",
     ["Thí sinh tự do đăng ký dự thi tại điểm tiếp nhận hồ sơ do Sở GDĐT quy định, thường là "
      "trường THPT hoặc Trung tâm GDNN-GDTX huyện nơi em cư trú.",
      "Em mang theo căn cước công dân (hoặc chứng minh nhân dân), bằng tốt nghiệp THPT (bản sao) "
      "và ảnh theo mẫu; em chỉ cần đăng ký những bài thi, môn thi dùng để xét tuyển."],
     ["15/2020/TT-BGDĐT"], False, 412),
    (T.REGISTRATION, "05/06", "07/06", "Nguyễn Thị Hằng", False, "Phụ huynh, thành phố Lai Châu",
     "Đã nộp phiếu đăng ký rồi có được đổi từ bài KHTN sang KHXH không?",
     "Con tôi đã nộp phiếu đăng ký dự thi, chọn bài Khoa học tự nhiên, nhưng giờ cháu muốn đổi "
     "sang Khoa học xã hội. Còn kịp đổi không và làm thế nào?",
     ["Trong thời hạn đăng ký dự thi, thí sinh được điều chỉnh thông tin đăng ký tại chính nơi đã "
      "nộp phiếu (trường THPT của cháu). Hết thời hạn thì không sửa được nữa.",
      "Gia đình nên báo ngay cho giáo viên chủ nhiệm để nhà trường điều chỉnh trên hệ thống và "
      "cho cháu ký xác nhận lại phiếu."],
     ["15/2020/TT-BGDĐT"], False, 268),
    (T.REGISTRATION, "20/06", "21/06", "Vàng Thị Mỷ", False, "Học sinh, huyện Sìn Hồ",
     "Ngày 6/7 thí sinh đến điểm thi để làm gì?",
     "Em nghe nói ngày 6/7 phải đến điểm thi nhưng chưa thi. Hôm đó làm những gì và có bắt buộc "
     "không ạ?",
     ["Ngày 6/7/2021 thí sinh có mặt tại phòng thi để làm thủ tục dự thi: nghe phổ biến quy chế, "
      "lịch thi, nhận thẻ dự thi và kiểm tra thông tin đăng ký; nếu có sai sót về họ tên, ngày "
      "sinh, đối tượng ưu tiên thì báo ngay cho cán bộ để đính chính.",
      "Thí sinh cần có mặt đúng giờ ghi trong giấy báo; ở xa điểm thi thì liên hệ nhà trường để "
      "được bố trí chỗ nghỉ từ hôm trước."],
     [], True, 1530),
    (T.REGISTRATION, "22/06", "22/06", "", False, "",
     "Số báo danh của thí sinh Lai Châu có mấy chữ số?",
     "Số báo danh năm nay gồm mấy số, sao của con tôi lại bắt đầu bằng số 07?",
     ["Số báo danh gồm 8 chữ số: 2 chữ số đầu là mã Hội đồng thi, 6 chữ số sau là số thứ tự của "
      "thí sinh. Mã Hội đồng thi của tỉnh Lai Châu năm 2021 là 07, nên mọi số báo danh của thí "
      "sinh Lai Châu đều bắt đầu bằng 07.",
      "Khi tra cứu điểm, hãy nhập đủ 8 chữ số, kể cả số 0 ở đầu."],
     [], False, 645),
    (T.REGULATIONS, "08/06", "09/06", "Trần Minh Đức", False, "Học sinh, huyện Than Uyên",
     "Thí sinh có được mang điện thoại vào phòng thi không?",
     "Em có được mang điện thoại vào phòng thi nếu tắt máy và để trong cặp không ạ? Máy tính cầm "
     "tay loại nào thì được mang?",
     ["Không. Thí sinh không được mang điện thoại di động hay bất kỳ thiết bị thu, phát, ghi âm, "
      "ghi hình nào vào phòng thi, kể cả khi đã tắt máy.",
      "Thí sinh được mang bút viết, bút chì, compa, tẩy, thước kẻ, máy tính cầm tay không có chức "
      "năng soạn thảo văn bản và không có thẻ nhớ, Atlat Địa lí Việt Nam (không đánh dấu, viết "
      "thêm). Đồ dùng khác gửi ở nơi quy định của điểm thi."],
     ["15/2020/TT-BGDĐT", "05/2021/TT-BGDĐT"], True, 2104),
    (T.REGULATIONS, "10/06", "11/06", "Giàng A Páo", False, "Phụ huynh, huyện Mường Tè",
     "Đến muộn bao nhiêu phút thì không được vào phòng thi?",
     "Nhà tôi xa điểm thi gần 40 cây số, đường mưa hay sạt. Nếu con đến muộn vài phút thì có "
     "được vào thi không?",
     ["Thí sinh đến chậm quá 15 phút sau khi bắt đầu tính giờ làm bài thì không được dự thi buổi "
      "thi đó. Vì vậy gia đình nên cho cháu đến sớm, tốt nhất là nghỉ gần điểm thi từ hôm trước.",
      "Các trường và điểm thi có phương án hỗ trợ chỗ ở cho học sinh ở xa; gia đình liên hệ giáo "
      "viên chủ nhiệm để đăng ký."],
     ["15/2020/TT-BGDĐT"], True, 1876),
    (T.REGULATIONS, "12/06", "14/06", "Phạm Thu Trang", False, "Học sinh, huyện Tân Uyên",
     "Lịch thi tốt nghiệp THPT năm 2021 cụ thể thế nào?",
     "Cho em hỏi lịch thi từng môn và thời gian làm bài của mỗi môn năm nay ạ.",
     ["Ngày 7/7/2021: buổi sáng thi Ngữ văn (120 phút), buổi chiều thi Toán (90 phút).",
      "Ngày 8/7/2021: buổi sáng thi bài Khoa học tự nhiên (Vật lí, Hóa học, Sinh học) hoặc Khoa "
      "học xã hội (Lịch sử, Địa lí, Giáo dục công dân), 150 phút chia ba môn thành phần, mỗi môn "
      "50 phút; buổi chiều thi Ngoại ngữ (60 phút).",
      "Ngày 9/7/2021 là ngày dự phòng."],
     ["65/KH-SGDĐT"], True, 3320),
    (T.REGULATIONS, "15/06", "16/06", "Hoàng Văn Nam", False, "Học sinh, huyện Phong Thổ",
     "Bài thi tổ hợp làm liền ba môn hay có nghỉ giữa giờ?",
     "Bài Khoa học xã hội có ba môn, em phải làm liền 150 phút hay được nghỉ giữa các môn ạ?",
     ["Mỗi môn thành phần có đề và phiếu trả lời riêng, làm trong 50 phút. Hết giờ môn trước, cán "
      "bộ coi thi thu đề môn đó rồi mới phát đề môn sau; giữa các môn có vài phút để thu, phát "
      "đề, thí sinh ngồi tại chỗ.",
      "Em nhớ tô số báo danh và mã đề trên phiếu trả lời của từng môn."],
     ["15/2020/TT-BGDĐT"], False, 980),
    (T.PRIORITY, "09/06", "11/06", "Lù Thị Xuân", False, "Phụ huynh, huyện Nậm Nhùn",
     "Học sinh ở xã đặc biệt khó khăn có được cộng điểm ưu tiên khi xét tốt nghiệp không?",
     "Nhà tôi ở xã đặc biệt khó khăn của huyện Nậm Nhùn, cháu là người dân tộc thiểu số. Khi xét "
     "tốt nghiệp cháu có được cộng điểm ưu tiên không, có phải nộp giấy tờ gì không?",
     ["Có. Quy chế thi quy định các đối tượng được cộng điểm ưu tiên khi xét công nhận tốt "
      "nghiệp, trong đó có người dân tộc thiểu số và người học đang sinh sống ở xã đặc biệt khó "
      "khăn. Mỗi thí sinh chỉ được hưởng một mức ưu tiên cao nhất.",
      "Đối tượng ưu tiên được ghi vào phiếu đăng ký dự thi, kèm giấy tờ minh chứng; nhà trường "
      "kiểm tra và xác nhận. Gia đình hãy hỏi giáo viên chủ nhiệm xem phiếu của cháu đã ghi đúng "
      "chưa."],
     ["15/2020/TT-BGDĐT", "05/2021/TT-BGDĐT"], False, 734),
    (T.PRIORITY, "16/06", "18/06", "Đỗ Quang Huy", False, "Học viên GDTX, huyện Tam Đường",
     "Học viên GDTX có chứng chỉ nghề có được cộng điểm khuyến khích không?",
     "Em học ở Trung tâm GDNN-GDTX và có chứng chỉ nghề. Em có được cộng điểm khuyến khích khi xét "
     "tốt nghiệp không ạ?",
     ["Quy chế thi quy định điểm khuyến khích cho học viên giáo dục thường xuyên có chứng chỉ nghề "
      "hoặc giải trong các kỳ thi theo danh mục của quy chế; mức cộng tùy loại chứng chỉ, giải.",
      "Em nộp bản sao chứng chỉ cho trung tâm khi đăng ký dự thi để được ghi nhận."],
     ["15/2020/TT-BGDĐT", "05/2021/TT-BGDĐT"], False, 312),
    (T.PRIORITY, "18/06", "19/06", "Sùng A Dình", True, "Phụ huynh, huyện Sìn Hồ",
     "Con là con thương binh thì khai đối tượng ưu tiên thế nào?",
     "Tôi là thương binh, con tôi năm nay thi tốt nghiệp. Khi đăng ký dự thi cháu cần khai và nộp "
     "giấy tờ gì để được ưu tiên ạ?",
     ["Con của thương binh thuộc đối tượng được cộng điểm ưu tiên theo Quy chế thi. Khi đăng ký dự "
      "thi, cháu ghi đối tượng ưu tiên vào phiếu và nộp bản sao giấy chứng nhận thương binh của "
      "gia đình cho nhà trường.",
      "Nhà trường đối chiếu giấy tờ và xác nhận; ngày 6/7 cháu kiểm tra lại thông tin ưu tiên khi "
      "làm thủ tục dự thi."],
     ["15/2020/TT-BGDĐT"], False, 201),
    (T.REVIEW, "24/07", "26/07", "Nguyễn Hoài An", False, "Học sinh, thành phố Lai Châu",
     "Khi nào có điểm thi và nộp đơn phúc khảo ở đâu?",
     "Bao giờ có điểm thi ạ? Nếu em thấy điểm môn Văn thấp hơn mong đợi thì nộp đơn phúc khảo ở "
     "đâu, trong bao lâu?",
     ["Điểm thi được công bố ngày 26/7/2021. Thí sinh nộp đơn phúc khảo tại trường nơi đã đăng ký "
      "dự thi (thí sinh tự do nộp tại nơi đã đăng ký) trong thời hạn 10 ngày kể từ ngày công bố "
      "kết quả thi.",
      "Kết quả phúc khảo được thông báo cho thí sinh qua nơi đăng ký dự thi."],
     ["15/2020/TT-BGDĐT"], True, 2688),
    (T.REVIEW, "27/07", "28/07", "Lê Thị Mai", False, "Phụ huynh, huyện Than Uyên",
     "Phúc khảo xong điểm có thể bị hạ không?",
     "Con tôi muốn phúc khảo môn Toán nhưng sợ phúc khảo xong bị trừ điểm. Có trường hợp điểm "
     "phúc khảo thấp hơn không?",
     ["Có thể. Điểm sau phúc khảo có thể tăng, giữ nguyên hoặc giảm, và điểm sau phúc khảo là điểm "
      "chính thức của bài thi.",
      "Môn Toán là bài trắc nghiệm: khi phúc khảo, phiếu trả lời được chấm lại bằng máy và đối "
      "chiếu với bài làm gốc, nên sai lệch thường chỉ xảy ra khi thí sinh tô mờ hoặc tô sai quy "
      "định."],
     [], False, 1104),
    (T.REVIEW, "28/07", "29/07", "Bùi Văn Khánh", False, "Học sinh, huyện Tân Uyên",
     "Bài thi trắc nghiệm có được phúc khảo không?",
     "Em nghĩ em tô đúng nhiều câu hơn điểm được chấm ở bài Khoa học tự nhiên. Bài trắc nghiệm có "
     "được phúc khảo không ạ?",
     ["Có. Mọi bài thi, kể cả bài trắc nghiệm, đều được phúc khảo khi thí sinh có đơn. Với bài "
      "trắc nghiệm, phiếu trả lời được quét và chấm lại, rồi đối chiếu với phiếu gốc.",
      "Em ghi rõ môn thành phần muốn phúc khảo (ví dụ Vật lí) trong đơn."],
     [], False, 587),
    (T.GRADUATION, "20/07", "21/07", "Đinh Thị Lan", False, "Phụ huynh, huyện Phong Thổ",
     "Điểm xét tốt nghiệp được tính như thế nào?",
     "Điểm xét tốt nghiệp có phải chỉ là điểm thi không, hay có tính cả học bạ lớp 12?",
     ["Điểm xét tốt nghiệp gồm điểm các bài thi (kèm điểm khuyến khích nếu có) chiếm 70% và điểm "
      "trung bình cả năm lớp 12 chiếm 30%, cộng thêm điểm ưu tiên nếu có.",
      "Thí sinh được công nhận tốt nghiệp khi đủ điều kiện dự thi, không bị kỷ luật hủy kết quả, "
      "các bài thi và môn thành phần đều trên 1,0 điểm, và điểm xét tốt nghiệp từ 5,0 trở lên."],
     ["15/2020/TT-BGDĐT", "05/2021/TT-BGDĐT"], True, 2950),
    (T.GRADUATION, "27/07", "27/07", "Hà Văn Lực", False, "Học sinh, huyện Mường Tè",
     "Bị điểm liệt một môn thì có tốt nghiệp được không?",
     "Môn Lịch sử em chỉ được 1 điểm. Các môn khác khá, vậy em có được tốt nghiệp không ạ?",
     ["Bài thi hoặc môn thành phần đạt từ 1,0 điểm trở xuống là điểm liệt. Thí sinh có điểm liệt "
      "thì không được công nhận tốt nghiệp, dù tổng điểm cao.",
      "Em có thể làm đơn phúc khảo trong thời hạn quy định nếu nghĩ bài được chấm chưa đúng, và "
      "dự thi lại ở kỳ thi năm sau."],
     ["15/2020/TT-BGDĐT"], False, 1422),
    (T.GRADUATION, "29/07", "30/07", "Trương Thị Yến", False, "Học sinh, thành phố Lai Châu",
     "Khi nào được nhận giấy chứng nhận tốt nghiệp tạm thời?",
     "Em cần giấy chứng nhận tốt nghiệp tạm thời để nộp hồ sơ nhập học. Bao giờ trường phát ạ?",
     ["Sau khi Sở GDĐT duyệt danh sách công nhận tốt nghiệp, các trường cấp giấy chứng nhận tốt "
      "nghiệp tạm thời cho học sinh. Em theo dõi thông báo của nhà trường và chuyên mục Kết quả "
      "thi trên cổng thông tin này."],
     [], False, 860),
    (T.COVID, "25/06", "26/06", "Phan Thị Thủy", False, "Phụ huynh, huyện Tân Uyên",
     "Nếu con phải cách ly vì COVID-19 đúng ngày thi thì sao?",
     "Nếu đến ngày thi con tôi đang phải cách ly vì là F1 thì cháu có mất quyền thi không?",
     ["Không. Thí sinh không thể dự thi đợt 1 vì lý do phòng, chống dịch COVID-19 được dự thi đợt 2, "
      "tổ chức ngày 6 và 7/8/2021, và vẫn được xét công nhận tốt nghiệp như thí sinh đợt 1.",
      "Gia đình cần báo ngay cho nhà trường hoặc điểm thi để được hướng dẫn và lập danh sách."],
     ["08/CT-UBND"], True, 2410),
    (T.COVID, "28/06", "29/06", "Mào Văn Tiến", False, "Học sinh, huyện Nậm Nhùn",
     "Thí sinh có phải khai báo y tế trước khi vào điểm thi không?",
     "Ngày đi thi em có phải khai báo y tế hay xét nghiệm gì không ạ?",
     ["Thí sinh thực hiện khai báo y tế theo hướng dẫn của điểm thi, đeo khẩu trang, sát khuẩn tay "
      "và đo thân nhiệt trước khi vào điểm thi. Thí sinh có biểu hiện sốt, ho được bố trí thi ở "
      "phòng thi dự phòng.",
      "Yêu cầu xét nghiệm (nếu có) được điểm thi thông báo theo tình hình dịch tại địa phương."],
     ["08/CT-UBND"], False, 1190),
    (T.COVID, "01/07", "02/07", "Vũ Thị Hạnh", True, "Phụ huynh, thành phố Lai Châu",
     "Phụ huynh có được đứng chờ trước cổng điểm thi không?",
     "Ngày thi tôi muốn đưa con đi và đứng chờ ở cổng trường. Năm nay có được không?",
     ["Để phòng dịch, phụ huynh không tập trung đông trước cổng điểm thi; nên đưa con đến rồi ra "
      "về, hẹn giờ đón. Khu vực chờ (nếu có) do điểm thi bố trí, giữ khoảng cách và đeo khẩu trang."],
     [], False, 655),
    (T.OTHER, "14/06", "15/06", "Lò Thị Hoa", False, "Phụ huynh, huyện Mường Tè",
     "Học sinh ở xa điểm thi có được hỗ trợ chỗ ở không?",
     "Bản tôi cách điểm thi hơn 60 cây số. Nhà trường có hỗ trợ chỗ ở cho các cháu trong những "
     "ngày thi không?",
     ["Kế hoạch của Sở yêu cầu các đơn vị có biện pháp hỗ trợ học sinh dự thi, nhất là học sinh "
      "có hoàn cảnh khó khăn, ở xa điểm thi. Các trường phối hợp với chính quyền địa phương bố trí "
      "chỗ ở, bữa ăn và đưa đón khi cần.",
      "Gia đình đăng ký với giáo viên chủ nhiệm trước ngày 6/7 để nhà trường sắp xếp."],
     ["65/KH-SGDĐT"], False, 930),
    (T.OTHER, "03/07", "03/07", "", False, "",
     "Muốn báo một việc bất thường ở điểm thi thì liên hệ đâu?",
     "Nếu thấy có người mang tài liệu hay có dấu hiệu gian lận ở điểm thi thì báo cho ai?",
     ["Hãy báo ngay cho đường dây nóng của Sở GDĐT: 02133799569 hoặc 02133876961, hoặc gửi phản "
      "ánh trực tuyến tại trang Đường dây nóng của cổng thông tin này. Thanh tra Sở tiếp nhận, xác "
      "minh và xử lý; thông tin người báo được giữ kín."],
     [], True, 1760),
    (T.OTHER, "30/06", "01/07", "Nguyễn Đức Thắng", True, "Phóng viên",
     "Phóng viên muốn đưa tin tại điểm thi cần làm thủ tục gì?",
     "Tôi là phóng viên, muốn đưa tin buổi thi Ngữ văn tại một điểm thi ở thành phố Lai Châu. Cần "
     "liên hệ ai và có được vào khu vực phòng thi không?",
     ["Phóng viên liên hệ Văn phòng Sở GDĐT (vp.sogddt@laichau.gov.vn) để được giới thiệu tới điểm "
      "thi; điểm thi tạo điều kiện tác nghiệp theo quy định nhưng không vào khu vực phòng thi "
      "trong giờ làm bài.",
      "Sở gửi thông cáo báo chí trước, trong và sau Kỳ thi; có thể đăng ký nhận thông cáo qua thư "
      "điện tử trên cổng thông tin này."],
     ["65/KH-SGDĐT"], False, 402),
]

WAITING = [
    (T.REGISTRATION, "Lý Văn Sáng", "Em là thí sinh tự do, bị mất bản sao bằng tốt nghiệp THCS thì khi "
     "đăng ký dự thi có cần nộp lại không ạ?"),
    (T.OTHER, "Chảo Thị Mẩy", "Trường THPT Nậm Nhùn có cho học sinh ở bán trú trong những ngày thi "
     "không hay gia đình phải tự thuê nhà trọ?"),
    (T.COVID, "", "Nếu con tôi thi đợt 2 vào tháng 8 thì có kịp xét tuyển đại học cùng đợt với các bạn "
     "thi đợt 1 không?"),
    (T.REVIEW, "Tòng Văn Hải", "Em nộp đơn phúc khảo rồi nhưng muốn rút đơn thì có được không ạ?"),
]


def _when(day_month, hour=9):
    day, month = (int(x) for x in day_month.split("/"))
    return timezone.make_aware(datetime(2021, month, day, hour, 0))  # noqa: DTZ001


def seed(stdout):
    from documents.models import Document

    editor = get_user_model().objects.filter(username="bientapvien").first()
    created = 0
    for index, (topic, asked, answered, name, full, place, title, text, paragraphs, numbers, pinned,
                views) in enumerate(ANSWERED):
        if Question.objects.filter(text=text).exists():
            continue
        question = ask_question(topic=topic, text=text, asker_name=name, show_full_name=full,
                                asker_place=place)
        answer = "\n\n".join([*paragraphs, SAMPLE_NOTE])
        documents = Document.objects.filter(number__in=numbers)
        answer_question(question, None, answer=answer, title=title, documents=documents,
                        pinned=pinned)
        Question.objects.filter(pk=question.pk).update(
            created_at=_when(asked, 8 + index % 10), answered_at=_when(answered, 14 + index % 6),
            answered_by=editor, handled_by=editor, view_count=views)
        created += 1
    for index, (topic, name, text) in enumerate(WAITING):
        if Question.objects.filter(text=text).exists():
            continue
        question = ask_question(topic=topic, text=text, asker_name=name,
                                asker_place="Học sinh, phụ huynh (mẫu)")
        Question.objects.filter(pk=question.pk).update(created_at=_when("05/07", 8 + index))
        created += 1
    stdout.write(f"Hỏi – đáp: {created} câu hỏi mẫu mới, tổng {Question.objects.count()} câu hỏi "
                 f"({Question.objects.published().count()} đã trả lời).")
