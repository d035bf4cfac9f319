"""Sample articles for the 2021 column (``seed_demo``). Written for this project; clearly sample.

Facts follow DESIGN.md ("Facts for demo data"). Images are drawn here with Pillow. Running it
again creates only what is missing.
"""

import io
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from examportal.text import strip_diacritics

from .images import make_renditions
from .models import Article, ArticleEvent, Column
from .services import record_revision

SAMPLE_NOTE = "<p><em>Đây là bài viết mẫu, soạn để trình diễn cổng thông tin.</em></p>"

# (section slug, "dd/mm HH:MM", title, lead, [paragraphs], [tags], pinned)
ARTICLES = [
    # 1. Văn bản chỉ đạo, hướng dẫn
    ("van-ban-chi-dao-huong-dan", "02/06 08:30",
     "Chủ tịch UBND tỉnh chỉ thị tăng cường chỉ đạo tổ chức Kỳ thi tốt nghiệp THPT năm 2021",
     "Chỉ thị số 08/CT-UBND ngày 12/5/2021 yêu cầu các sở, ngành và UBND các huyện, thành phố "
     "phối hợp tổ chức Kỳ thi nghiêm túc, an toàn, đúng quy chế.",
     ["Chỉ thị giao Sở Giáo dục và Đào tạo là cơ quan thường trực, chủ trì tham mưu Ban Chỉ đạo "
      "thi cấp tỉnh; các huyện, thành phố bảo đảm điều kiện ăn, ở, đi lại cho thí sinh ở xa.",
      "Ngành Y tế, Công an, Điện lực, Bưu điện được giao nhiệm vụ cụ thể trong từng khâu của Kỳ "
      "thi, từ vận chuyển đề thi đến phòng, chống dịch COVID-19 tại các điểm thi."],
     ["Chỉ thị 08/CT-UBND", "Văn bản chỉ đạo"], True),
    ("van-ban-chi-dao-huong-dan", "04/06 09:00",
     "Sở GDĐT ban hành Kế hoạch truyền thông về Kỳ thi tốt nghiệp THPT năm 2021",
     "Kế hoạch xác định chuyên mục “Thông tin về Kỳ thi tốt nghiệp THPT năm 2021” là kênh "
     "thông tin chính thức, cập nhật trong tháng 6, 7 và 8/2021.",
     ["Văn phòng Sở là đầu mối truyền thông, phối hợp với Đài Phát thanh và Truyền hình tỉnh, Báo "
      "Lai Châu và các cơ quan báo chí trung ương, địa phương.",
      "Các trường THPT, trung tâm GDNN-GDTX gửi tin bài về địa chỉ vp.sogddt@laichau.gov.vn và "
      "kết nối chuyên mục trên trang thông tin điện tử của đơn vị."],
     ["Kế hoạch truyền thông", "Văn bản chỉ đạo"], False),
    ("van-ban-chi-dao-huong-dan", "09/06 14:00",
     "Những điểm mới của Quy chế thi theo Thông tư 05/2021/TT-BGDĐT",
     "Thông tư 05/2021/TT-BGDĐT sửa đổi, bổ sung một số điều của Quy chế thi tốt nghiệp THPT ban "
     "hành kèm theo Thông tư 15/2020/TT-BGDĐT.",
     ["Điểm đáng chú ý là quy định về xử lý thí sinh bị ảnh hưởng bởi dịch bệnh, thiên tai và cách "
      "tổ chức thi cho thí sinh không thể dự thi đợt 1.",
      "Thí sinh và phụ huynh nên đọc kỹ các điều về vật dụng được mang vào phòng thi và các hành vi "
      "bị xử lý kỷ luật."],
     ["Quy chế thi", "Thông tư 05/2021/TT-BGDĐT"], False),
    ("van-ban-chi-dao-huong-dan", "15/06 10:15",
     "Hướng dẫn phòng, chống dịch COVID-19 tại các điểm thi",
     "Sở GDĐT phối hợp Sở Y tế hướng dẫn khai báo y tế, đo thân nhiệt và bố trí phòng thi dự "
     "phòng tại mỗi điểm thi.",
     ["Mỗi điểm thi bố trí ít nhất một phòng thi dự phòng và một cán bộ y tế thường trực trong các "
      "buổi thi.",
      "Thí sinh đeo khẩu trang khi vào điểm thi, giữ khoảng cách và rửa tay sát khuẩn theo hướng dẫn."],
     ["COVID-19", "Điểm thi"], False),
    ("van-ban-chi-dao-huong-dan", "22/06 16:00",
     "Công văn hướng dẫn thí sinh tự do đăng ký dự thi bổ sung",
     "Thí sinh tự do cần liên hệ điểm tiếp nhận hồ sơ tại nơi đã đăng ký để kiểm tra, đính chính "
     "thông tin trước ngày thi.",
     ["Các điểm tiếp nhận hồ sơ niêm yết danh sách thí sinh để thí sinh kiểm tra họ tên, ngày sinh, "
      "môn thi đăng ký.",
      "Mọi thắc mắc, thí sinh liên hệ số điện thoại 02133799569 trong giờ hành chính."],
     ["Thí sinh tự do", "Đăng ký dự thi"], False),
    # 2. Hoạt động của Ban Chỉ đạo thi
    ("hoat-dong-ban-chi-dao-thi", "10/06 15:30",
     "Ban Chỉ đạo thi cấp tỉnh họp triển khai nhiệm vụ năm 2021",
     "Phiên họp thống nhất phân công nhiệm vụ cho các thành viên và lịch kiểm tra công tác chuẩn bị "
     "tại 8 huyện, thành phố.",
     ["Ban Chỉ đạo yêu cầu các đơn vị rà soát cơ sở vật chất, nhân sự làm thi và phương án bảo đảm "
      "an ninh, an toàn tại từng điểm thi.",
      "Các đoàn kiểm tra sẽ làm việc tại Phong Thổ, Sìn Hồ, Mường Tè và Nậm Nhùn trong tuần cuối tháng 6."],
     ["Ban Chỉ đạo thi", "Họp Ban Chỉ đạo"], False),
    ("hoat-dong-ban-chi-dao-thi", "24/06 09:45",
     "Đoàn kiểm tra của Ban Chỉ đạo làm việc tại huyện Mường Tè",
     "Đoàn ghi nhận công tác chuẩn bị chu đáo, đề nghị huyện hỗ trợ chỗ ở cho thí sinh các xã "
     "vùng xa.",
     ["Điểm thi Trường THPT Mường Tè đã hoàn thiện hệ thống camera, phòng bảo quản đề thi và khu "
      "vực cách ly y tế.",
      "Huyện bố trí nhà ở bán trú và xe đưa đón cho thí sinh ở xa trung tâm."],
     ["Ban Chỉ đạo thi", "Mường Tè", "Kiểm tra"], False),
    ("hoat-dong-ban-chi-dao-thi", "05/07 17:00",
     "Ban Chỉ đạo thi cấp tỉnh giao ban trước ngày thi",
     "Các điểm thi báo cáo đã sẵn sàng; lực lượng công an, y tế, điện lực trực 24/24 giờ.",
     ["Trưởng Ban Chỉ đạo nhấn mạnh yêu cầu bảo mật đề thi tuyệt đối và xử lý kịp thời mọi tình "
      "huống bất thường.",
      "Đường dây nóng của Kỳ thi hoạt động liên tục từ ngày 6/7 đến hết ngày 9/7/2021."],
     ["Ban Chỉ đạo thi", "Đường dây nóng"], True),
    ("hoat-dong-ban-chi-dao-thi", "07/07 11:30",
     "Lãnh đạo tỉnh kiểm tra buổi thi đầu tiên tại Thành phố Lai Châu",
     "Đoàn kiểm tra ghi nhận các điểm thi tổ chức nghiêm túc, đúng quy chế ngay từ môn Ngữ văn.",
     ["Đoàn đã kiểm tra việc bàn giao đề thi, khu vực tập kết thí sinh và công tác y tế tại các "
      "điểm thi trong thành phố.",
      "Các cán bộ coi thi được nhắc nhở thực hiện đúng quy trình, không để thí sinh mang thiết bị "
      "thu phát vào phòng thi."],
     ["Ban Chỉ đạo thi", "Thành phố Lai Châu"], False),
    ("hoat-dong-ban-chi-dao-thi", "12/07 16:30",
     "Ban Chỉ đạo thi tổng kết đợt 1 Kỳ thi tốt nghiệp THPT năm 2021",
     "Kỳ thi đợt 1 trên địa bàn tỉnh diễn ra an toàn, nghiêm túc; không có cán bộ, thí sinh vi "
     "phạm quy chế phải xử lý kỷ luật.",
     ["Ban Chỉ đạo biểu dương các lực lượng phối hợp và các địa phương đã hỗ trợ thí sinh có hoàn "
      "cảnh khó khăn.",
      "Công tác chấm thi được triển khai ngay sau khi kết thúc buổi thi cuối cùng."],
     ["Ban Chỉ đạo thi", "Tổng kết"], False),
    # 3. Công tác chuẩn bị
    ("cong-tac-chuan-bi", "14/06 08:00",
     "Huyện Tam Đường hoàn tất chuẩn bị cơ sở vật chất cho các điểm thi",
     "Các phòng thi được kiểm tra ánh sáng, quạt mát, đồng hồ treo tường và niêm yết nội quy.",
     ["Trường THPT Tam Đường và Trường THPT Bình Lư đã sửa chữa hệ thống điện, lắp bổ sung camera "
      "tại phòng bảo quản đề thi.",
      "Ban đại diện cha mẹ học sinh các trường hỗ trợ nước uống cho thí sinh trong các buổi thi."],
     ["Tam Đường", "Cơ sở vật chất"], False),
    ("cong-tac-chuan-bi", "18/06 10:00",
     "Phong Thổ bố trí chỗ ở miễn phí cho thí sinh vùng cao",
     "Huyện Phong Thổ phối hợp các trường bố trí khu nội trú cho gần 200 thí sinh ở các xã xa "
     "điểm thi.",
     ["Thí sinh được hỗ trợ chỗ ở, suất ăn trong các ngày 6–9/7/2021 nhờ sự chung tay của nhà "
      "trường, đoàn thanh niên và các nhà hảo tâm.",
      "Đoàn thanh niên huyện thành lập đội tình nguyện đưa đón thí sinh từ bến xe đến điểm thi."],
     ["Phong Thổ", "Hỗ trợ thí sinh"], False),
    ("cong-tac-chuan-bi", "21/06 14:30",
     "Tập huấn nghiệp vụ cho cán bộ coi thi toàn tỉnh",
     "Hơn 1.000 cán bộ, giáo viên được tập huấn Quy chế thi và các tình huống thường gặp trong "
     "phòng thi.",
     ["Nội dung tập huấn gồm quy trình gọi thí sinh vào phòng thi, phát đề, thu bài và lập biên bản "
      "xử lý vi phạm.",
      "Cán bộ coi thi làm bài kiểm tra cuối buổi; người chưa đạt được tập huấn lại."],
     ["Tập huấn", "Cán bộ coi thi"], False),
    ("cong-tac-chuan-bi", "25/06 09:00",
     "Sìn Hồ sẵn sàng cho Kỳ thi tốt nghiệp THPT",
     "Hai điểm thi của huyện Sìn Hồ hoàn thành kiểm tra, phòng thi dự phòng được bố trí riêng biệt.",
     ["Điện lực Sìn Hồ lắp máy phát điện dự phòng tại các điểm thi để bảo đảm không mất điện trong "
      "các buổi thi.",
      "Trạm y tế xã cử cán bộ thường trực, chuẩn bị thuốc và dụng cụ sơ cứu."],
     ["Sìn Hồ", "Điểm thi"], False),
    ("cong-tac-chuan-bi", "29/06 15:00",
     "Than Uyên và Tân Uyên phối hợp đưa đón thí sinh",
     "Hai huyện thống nhất lịch xe đưa đón thí sinh ở các bản xa trong ngày làm thủ tục dự thi.",
     ["Mỗi tuyến xe có giáo viên đi cùng, danh sách thí sinh được lập theo từng bản.",
      "Phụ huynh có thể liên hệ nhà trường để đăng ký cho con đi xe đưa đón miễn phí."],
     ["Than Uyên", "Tân Uyên", "Hỗ trợ thí sinh"], False),
    ("cong-tac-chuan-bi", "03/07 08:30",
     "Nậm Nhùn hoàn tất diễn tập phương án phòng, chống dịch tại điểm thi",
     "Buổi diễn tập giả định thí sinh sốt trong giờ thi, được đưa sang phòng thi dự phòng đúng quy trình.",
     ["Cán bộ y tế, cán bộ coi thi và công an phối hợp nhịp nhàng trong tình huống giả định.",
      "Kết quả diễn tập là cơ sở để điểm thi điều chỉnh sơ đồ di chuyển của thí sinh."],
     ["Nậm Nhùn", "COVID-19", "Diễn tập"], False),
    # 4. Ôn thi và kỹ năng làm bài
    ("on-thi-va-ky-nang-lam-bai", "08/06 19:00",
     "Năm lưu ý khi ôn thi môn Ngữ văn",
     "Giáo viên Trường THPT Chuyên Lê Quý Đôn chia sẻ cách phân bổ 120 phút làm bài và lập dàn ý "
     "nhanh cho câu nghị luận.",
     ["Thí sinh nên dành 5 phút đọc kỹ đề, gạch chân từ khóa trước khi viết.",
      "Phần đọc hiểu cần trả lời đúng trọng tâm; phần nghị luận văn học nên có mở bài, thân bài, kết "
      "bài rõ ràng."],
     ["Ôn thi", "Ngữ văn", "Kỹ năng làm bài"], False),
    ("on-thi-va-ky-nang-lam-bai", "11/06 19:00",
     "Chiến lược làm bài trắc nghiệm môn Toán trong 90 phút",
     "Làm câu dễ trước, đánh dấu câu khó để quay lại và không bỏ trống đáp án nào.",
     ["Đề Toán có 50 câu trắc nghiệm; trung bình mỗi câu chưa tới 2 phút, nên cần giữ nhịp độ ổn định.",
      "Thí sinh nên kiểm tra việc tô phiếu trả lời sau mỗi 10 câu để tránh lệch dòng."],
     ["Ôn thi", "Toán", "Kỹ năng làm bài"], False),
    ("on-thi-va-ky-nang-lam-bai", "16/06 19:30",
     "Bài thi tổ hợp: làm thế nào để không nhầm phiếu trả lời",
     "Bài thi Khoa học tự nhiên hoặc Khoa học xã hội kéo dài 150 phút, gồm ba phần thi 50 phút.",
     ["Sau mỗi môn thành phần, cán bộ coi thi thu đề của môn đó; thí sinh dùng chung một phiếu trả lời.",
      "Thí sinh chỉ tô vào phần của môn đang thi; tô vào phần của môn khác sẽ không được tính điểm."],
     ["Ôn thi", "Bài thi tổ hợp", "Kỹ năng làm bài"], False),
    ("on-thi-va-ky-nang-lam-bai", "23/06 19:00",
     "Giữ sức khỏe trong những ngày ôn thi cuối cùng",
     "Ngủ đủ giấc, ăn uống hợp vệ sinh và hạn chế thức khuya là lời khuyên của các bác sĩ.",
     ["Phụ huynh nên chuẩn bị bữa ăn quen thuộc cho con, tránh đồ ăn lạ trong những ngày thi.",
      "Thí sinh nên tập thể dục nhẹ nhàng để giảm căng thẳng."],
     ["Ôn thi", "Sức khỏe"], False),
    ("on-thi-va-ky-nang-lam-bai", "30/06 19:00",
     "Những vật dụng thí sinh được mang vào phòng thi",
     "Bút viết, thước kẻ, bút chì, tẩy, máy tính cầm tay không có chức năng soạn thảo văn bản và "
     "Atlat Địa lí Việt Nam.",
     ["Thí sinh không được mang điện thoại, thiết bị thu phát vào phòng thi.",
      "Thí sinh nên chuẩn bị sẵn Giấy chứng nhận dự thi và Căn cước công dân từ tối hôm trước."],
     ["Quy chế thi", "Lưu ý thí sinh"], True),
    ("on-thi-va-ky-nang-lam-bai", "04/07 20:00",
     "Ngoại ngữ: mẹo quản lý thời gian 60 phút",
     "Đề Ngoại ngữ có 50 câu; thí sinh nên bắt đầu bằng phần ngữ pháp, từ vựng để có điểm chắc chắn.",
     ["Phần đọc hiểu nên đọc câu hỏi trước, sau đó tìm thông tin trong bài đọc.",
      "Dành 5 phút cuối để kiểm tra phiếu trả lời."],
     ["Ôn thi", "Ngoại ngữ", "Kỹ năng làm bài"], False),
    # 5. Tình hình tổ chức thi
    ("tinh-hinh-to-chuc-thi", "06/07 11:00",
     "Thí sinh Lai Châu làm thủ tục dự thi",
     "Sáng 6/7, thí sinh có mặt tại phòng thi để nghe phổ biến Quy chế và đính chính sai sót thông "
     "tin đăng ký.",
     ["Thí sinh của Hội đồng thi mã 07 được cán bộ coi thi hướng dẫn kiểm tra số báo danh, phòng thi.",
      "Các điểm thi bố trí khu vực chờ có mái che và nước uống cho phụ huynh."],
     ["Làm thủ tục dự thi", "Thí sinh"], False),
    ("tinh-hinh-to-chuc-thi", "07/07 11:45",
     "Buổi thi môn Ngữ văn diễn ra an toàn, nghiêm túc",
     "Sáng 7/7, thí sinh toàn tỉnh dự thi môn Ngữ văn với thời gian làm bài 120 phút.",
     ["Tỷ lệ thí sinh dự thi đạt trên 99%; không có thí sinh vi phạm quy chế.",
      "Buổi chiều, thí sinh tiếp tục dự thi môn Toán với thời gian 90 phút."],
     ["Buổi thi", "Ngữ văn"], True),
    ("tinh-hinh-to-chuc-thi", "07/07 17:00",
     "Kỳ thi tốt nghiệp THPT: buổi thi môn Toán kết thúc thuận lợi",
     "Chiều 7/7, các điểm thi trên địa bàn tỉnh hoàn thành buổi thi môn Toán đúng kế hoạch.",
     ["Nhiều thí sinh cho biết đề thi có phân hóa, phần lớn câu hỏi ở mức cơ bản.",
      "Bài thi được niêm phong và vận chuyển về Hội đồng thi theo đúng quy trình."],
     ["Buổi thi", "Toán"], False),
    ("tinh-hinh-to-chuc-thi", "08/07 11:50",
     "Bài thi tổ hợp sáng 8/7: thí sinh làm ba môn thành phần",
     "Thí sinh làm bài thi Khoa học tự nhiên hoặc Khoa học xã hội trong 150 phút, chia ba phần 50 phút.",
     ["Các điểm thi bảo đảm thu đề đúng thời điểm sau mỗi môn thành phần.",
      "Không có trường hợp thí sinh bị đình chỉ thi trong buổi sáng."],
     ["Buổi thi", "Bài thi tổ hợp"], False),
    ("tinh-hinh-to-chuc-thi", "08/07 16:30",
     "Hoàn thành các buổi thi đợt 1 Kỳ thi tốt nghiệp THPT năm 2021",
     "Chiều 8/7, thí sinh dự thi môn Ngoại ngữ 60 phút, kết thúc các buổi thi chính thức của đợt 1.",
     ["Ngày 9/7 là ngày dự phòng; các điểm thi vẫn duy trì lực lượng trực.",
      "Toàn bộ bài thi đã được bàn giao an toàn về Hội đồng thi."],
     ["Buổi thi", "Ngoại ngữ"], False),
    ("tinh-hinh-to-chuc-thi", "05/08 15:00",
     "Chuẩn bị tổ chức thi đợt 2 cho thí sinh bị ảnh hưởng bởi COVID-19",
     "Thí sinh không thể dự thi đợt 1 vì dịch bệnh sẽ dự thi đợt 2 trong các ngày 6–7/8/2021.",
     ["Điểm thi đợt 2 được bố trí bảo đảm giãn cách và khử khuẩn trước mỗi buổi thi.",
      "Thí sinh nhận Giấy báo dự thi tại trường nơi đăng ký."],
     ["Thi đợt 2", "COVID-19"], False),
    ("tinh-hinh-to-chuc-thi", "07/08 17:30",
     "Kết thúc đợt 2 Kỳ thi tốt nghiệp THPT năm 2021 tại Lai Châu",
     "Đợt thi bổ sung diễn ra an toàn, các thí sinh hoàn thành đầy đủ các bài thi đăng ký.",
     ["Cán bộ làm thi tuân thủ đầy đủ quy định phòng, chống dịch.",
      "Kết quả đợt 2 sẽ được công bố theo lịch của Bộ GDĐT."],
     ["Thi đợt 2", "Buổi thi"], False),
    # 6. Kết quả thi
    ("ket-qua-thi", "26/07 08:00",
     "Công bố kết quả Kỳ thi tốt nghiệp THPT năm 2021",
     "Từ 0 giờ ngày 26/7/2021, thí sinh tra cứu điểm thi bằng số báo danh gồm 8 chữ số, bắt đầu "
     "bằng mã Hội đồng thi 07.",
     ["Thí sinh tra cứu điểm thi ngay trên cổng này, tại trang "
      '<a href="/ket-qua-thi/2021/">tra cứu kết quả thi năm 2021</a> (nhập số báo danh), trên hệ '
      "thống của Bộ GDĐT, hoặc nhận kết quả tại trường nơi đăng ký dự thi.",
      "Ví dụ: số báo danh 07001234 gồm mã Hội đồng thi 07 và 6 chữ số thứ tự."],
     ["Kết quả thi", "Tra cứu điểm"], True),
    ("ket-qua-thi", "27/07 10:00",
     "Hướng dẫn thí sinh nộp đơn phúc khảo bài thi",
     "Thí sinh nộp đơn phúc khảo tại nơi đăng ký dự thi trong thời hạn quy định sau khi công bố kết quả.",
     ["Đơn phúc khảo ghi rõ bài thi, môn thi thành phần đề nghị phúc khảo.",
      "Kết quả phúc khảo được thông báo cho thí sinh qua nơi đăng ký dự thi."],
     ["Phúc khảo", "Kết quả thi"], False),
    ("ket-qua-thi", "30/07 14:00",
     "Xét công nhận tốt nghiệp THPT năm 2021",
     "Sở GDĐT hoàn thành xét công nhận tốt nghiệp cho học sinh các trường THPT và trung tâm "
     "GDNN-GDTX.",
     ["Danh sách thí sinh được công nhận tốt nghiệp được niêm yết tại các trường.",
      "Giấy chứng nhận tốt nghiệp tạm thời được cấp cho thí sinh để xét tuyển."],
     ["Xét tốt nghiệp", "Kết quả thi"], False),
    ("ket-qua-thi", "12/08 09:00",
     "Cấp giấy chứng nhận tốt nghiệp tạm thời cho thí sinh",
     "Thí sinh nhận giấy chứng nhận tốt nghiệp tạm thời tại trường nơi học lớp 12.",
     ["Thí sinh tự do nhận tại điểm tiếp nhận hồ sơ đăng ký dự thi.",
      "Khi nhận, thí sinh mang theo Căn cước công dân."],
     ["Xét tốt nghiệp"], False),
    ("ket-qua-thi", "20/08 15:30",
     "Kết quả thi đợt 2 của thí sinh bị ảnh hưởng bởi COVID-19",
     "Kết quả đợt 2 được công bố; thí sinh tra cứu bằng số báo danh như đợt 1.",
     ["Các trường hỗ trợ thí sinh đăng ký xét tuyển bổ sung sau khi có kết quả.",
      "Mọi thắc mắc xin liên hệ số 02133876961."],
     ["Thi đợt 2", "Kết quả thi"], False),
    # 7. Thông cáo báo chí
    ("thong-cao-bao-chi", "01/07 10:00",
     "Thông cáo báo chí số 1 về Kỳ thi tốt nghiệp THPT năm 2021",
     "Sở GDĐT thông tin về số lượng thí sinh, số điểm thi và công tác chuẩn bị trên địa bàn tỉnh.",
     ["Toàn tỉnh có một Hội đồng thi (mã 07) với các điểm thi đặt tại 8 huyện, thành phố.",
      "Các cơ quan báo chí liên hệ Văn phòng Sở qua số 02133799569 để được cung cấp thông tin."],
     ["Thông cáo báo chí", "Báo chí"], False),
    ("thong-cao-bao-chi", "07/07 18:00",
     "Thông cáo báo chí số 2: ngày thi thứ nhất",
     "Ngày 7/7, các buổi thi Ngữ văn và Toán diễn ra an toàn, nghiêm túc, đúng quy chế.",
     ["Không có sự cố về đề thi; không có cán bộ, thí sinh vi phạm quy chế.",
      "Thông tin tiếp theo sẽ được cập nhật trên chuyên mục."],
     ["Thông cáo báo chí", "Buổi thi"], False),
    ("thong-cao-bao-chi", "08/07 18:00",
     "Thông cáo báo chí số 3: kết thúc các buổi thi đợt 1",
     "Kỳ thi đợt 1 hoàn thành an toàn; bài thi được bàn giao về Hội đồng thi để chấm.",
     ["Công tác chấm thi tự luận và trắc nghiệm được tổ chức theo đúng quy trình của Bộ GDĐT.",
      "Sở GDĐT cảm ơn các cơ quan báo chí đã đồng hành cùng Kỳ thi."],
     ["Thông cáo báo chí", "Tổng kết"], False),
    ("thong-cao-bao-chi", "26/07 09:00",
     "Thông cáo báo chí số 4: kết quả Kỳ thi",
     "Sở GDĐT thông tin về phổ điểm các môn thi và tỷ lệ thí sinh đạt điểm xét tốt nghiệp.",
     ["Số liệu chi tiết được công bố kèm theo thông cáo và đăng trên chuyên mục Kết quả thi.",
      "Phóng viên cần thêm thông tin liên hệ Văn phòng Sở."],
     ["Thông cáo báo chí", "Kết quả thi"], False),
    # 8. Gương người tốt, việc tốt
    ("guong-nguoi-tot-viec-tot", "06/07 20:00",
     "Chiến sĩ công an đưa thí sinh quên giấy tờ về nhà lấy kịp giờ",
     "Một thí sinh ở Tân Uyên quên Giấy chứng nhận dự thi đã được chiến sĩ công an chở về nhà "
     "lấy, kịp làm thủ tục.",
     ["Câu chuyện được Trường THPT Tân Uyên gửi về chuyên mục.",
      "Nhà trường gửi lời cảm ơn tới lực lượng công an huyện."],
     ["Người tốt việc tốt", "Tân Uyên"], False),
    ("guong-nguoi-tot-viec-tot", "07/07 20:30",
     "Bữa cơm miễn phí cho thí sinh ở xa tại Phong Thổ",
     "Hội Liên hiệp Phụ nữ huyện tổ chức nấu cơm trưa miễn phí cho thí sinh trong các ngày thi.",
     ["Mỗi ngày có hàng trăm suất ăn được phục vụ tại khu nội trú.",
      "Nhiều tiểu thương ở thị trấn góp gạo, rau, thịt cho bếp ăn."],
     ["Người tốt việc tốt", "Phong Thổ", "Hỗ trợ thí sinh"], False),
    ("guong-nguoi-tot-viec-tot", "09/07 19:00",
     "Thầy giáo vượt 40 km đưa học trò đi thi",
     "Thầy giáo chủ nhiệm ở Sìn Hồ đón học trò từ bản xa, bảo đảm em có mặt đúng giờ ở điểm thi.",
     ["Câu chuyện do Trường THPT Sìn Hồ gửi về.",
      "Em học sinh cho biết nhờ thầy mà em yên tâm làm bài."],
     ["Người tốt việc tốt", "Sìn Hồ"], False),
    ("guong-nguoi-tot-viec-tot", "13/07 10:00",
     "Đoàn viên thanh niên tiếp sức mùa thi tại Thành phố Lai Châu",
     "Đội hình Tiếp sức mùa thi phát nước uống, hướng dẫn phụ huynh và thí sinh tại các điểm thi.",
     ["Hơn 100 đoàn viên tham gia trong các ngày 6–8/7.",
      "Thành đoàn Lai Châu biểu dương các đội hình tiêu biểu."],
     ["Người tốt việc tốt", "Thành phố Lai Châu", "Tiếp sức mùa thi"], False),
    ("guong-nguoi-tot-viec-tot", "03/08 09:30",
     "Cán bộ y tế tận tình chăm sóc thí sinh bị mệt trong giờ thi",
     "Nhân viên y tế điểm thi ở Than Uyên kịp thời sơ cứu, giúp thí sinh bình tĩnh hoàn thành bài thi.",
     ["Thí sinh được đưa sang phòng thi dự phòng theo đúng quy chế.",
      "Câu chuyện do điểm thi gửi về chuyên mục."],
     ["Người tốt việc tốt", "Than Uyên"], False),
]

# Drafts and a pending article, for the review queue.
WORK_IN_PROGRESS = [
    ("congtacvien", "pending", "guong-nguoi-tot-viec-tot",
     "Nhà trường tặng áo mưa cho thí sinh trong ngày thi",
     "Trường THPT Mường Tè tặng áo mưa cho thí sinh khi trời mưa lớn trong ngày làm thủ tục dự thi."),
    ("congtacvien", "draft", "cong-tac-chuan-bi",
     "Trường THPT Nậm Nhùn dọn vệ sinh phòng thi",
     "Giáo viên và học sinh lớp 11 dọn vệ sinh, kê bàn ghế cho 12 phòng thi."),
]

PALETTES = [
    ((11, 79, 143), (238, 244, 251)), ((163, 29, 20), (255, 244, 206)), ((30, 107, 47), (226, 244, 229)),
    ((10, 53, 97), (201, 210, 220)), ((138, 75, 0), (255, 236, 210)), ((74, 83, 96), (240, 240, 240)),
]


FONT_FILES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


def _font_and_text(size, text):
    """A font that has Vietnamese letters, or Pillow's own with the marks taken off."""
    for path in FONT_FILES:
        try:
            return ImageFont.truetype(path, size), text
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size), strip_diacritics(text)
    except (TypeError, OSError):  # Pillow without FreeType
        return ImageFont.load_default(), strip_diacritics(text)


def demo_image(index, label):
    """A 1280×720 JPEG drawn here: a landscape of hills, the section name on a band."""
    dark, light = PALETTES[index % len(PALETTES)]
    image = Image.new("RGB", (1280, 720), light)
    draw = ImageDraw.Draw(image)
    for band in range(6):
        y = 300 + band * 60 + (index * 17) % 40
        shade = tuple(int(d + (lt - d) * band / 7) for d, lt in zip(dark, light, strict=True))
        points = [(x, y + int(40 * ((x / 160 + band + index) % 3 - 1.5))) for x in range(0, 1281, 160)]
        draw.polygon([(0, 720), *points, (1280, 720)], fill=shade)
    draw.ellipse((980 - index * 20 % 300, 60, 1100 - index * 20 % 300, 180), fill=(255, 221, 0))
    draw.rectangle((0, 600, 1280, 720), fill=dark)
    font, text = _font_and_text(40, f"Ảnh minh họa (mẫu): {label}")
    draw.text((40, 625), text, fill=(255, 255, 255), font=font)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85)
    return ContentFile(output.getvalue(), name="cover.jpg")


def _when(stamp):
    day_month, hour_minute = stamp.split()
    day, month = (int(x) for x in day_month.split("/"))
    hour, minute = (int(x) for x in hour_minute.split(":"))
    return timezone.make_aware(datetime(2021, month, day, hour, minute))  # noqa: DTZ001


def seed(stdout):
    column = Column.objects.filter(year=2021).first()
    if column is None:
        stdout.write("Tin tức: chưa có chuyên mục năm 2021, bỏ qua.")
        return
    sections = {s.slug: s for s in column.sections.all()}
    User = get_user_model()
    editor = User.objects.filter(username="bientapvien").first()
    contributor = User.objects.filter(username="congtacvien").first()
    created = 0
    made = []
    for index, (slug, stamp, title, lead, paragraphs, tags, pinned) in enumerate(ARTICLES):
        section = sections.get(slug)
        if section is None:
            continue
        existing = Article.objects.filter(title=title, section=section).first()
        if existing:
            made.append(existing)
            continue
        when = _when(stamp)
        body = "".join(f"<p>{p}</p>" for p in paragraphs) + SAMPLE_NOTE
        article = Article(
            title=title, section=section, lead=lead, body=body, status=Article.Status.PUBLISHED,
            publish_at=when, first_published_at=when, is_pinned=pinned,
            byline="Văn phòng Sở GDĐT" if slug != "guong-nguoi-tot-viec-tot" else "Cộng tác viên các trường",
            source="Sở GDĐT Lai Châu" if index % 3 else "",
            author=editor,
            cover_alt=f"Ảnh minh họa mẫu cho chuyên mục {section.title}: đồi núi Lai Châu",
            cover_caption="Ảnh minh họa do hệ thống tạo cho bài mẫu.",
            cover_credit="Cổng thông tin (ảnh mẫu)",
        )
        article.detected_kind = "jpeg"
        article.cover_image.save("cover.jpg", demo_image(index, section.title), save=False)
        article.save()
        Article.objects.filter(pk=article.pk).update(created_at=when, updated_at=when)
        article.tags.set(tags)
        make_renditions(article)
        record_revision(article, editor, note="Dữ liệu mẫu")
        ArticleEvent.objects.create(article=article, action=ArticleEvent.Action.PUBLISHED,
                                    from_status=Article.Status.PENDING,
                                    to_status=Article.Status.PUBLISHED, actor=editor, at=when)
        made.append(article)
        created += 1
    # Related articles: each links to its neighbours in the same section.
    by_section = {}
    for article in made:
        by_section.setdefault(article.section_id, []).append(article)
    for group in by_section.values():
        for i, article in enumerate(group):
            if not article.related_articles.exists():
                article.related_articles.set([a for a in group[max(0, i - 1):i + 2] if a != article][:2])
    for username, status, slug, title, lead in WORK_IN_PROGRESS:
        author = contributor if username == "congtacvien" else editor
        if Article.objects.filter(title=title).exists() or slug not in sections:
            continue
        article = Article.objects.create(
            title=title, section=sections[slug], lead=lead,
            body=f"<p>{lead}</p>{SAMPLE_NOTE}", author=author, status=status,
            byline="Trường THPT (cộng tác viên)",
        )
        record_revision(article, author, note="Dữ liệu mẫu")
        ArticleEvent.objects.create(article=article, action=ArticleEvent.Action.CREATED,
                                    to_status=Article.Status.DRAFT, actor=author)
        if status == "pending":
            ArticleEvent.objects.create(article=article, action=ArticleEvent.Action.SUBMITTED,
                                        from_status=Article.Status.DRAFT,
                                        to_status=Article.Status.PENDING, actor=author)
        created += 1
    stdout.write(f"Tin tức: {created} bài viết mẫu mới, tổng {Article.objects.count()} bài.")
