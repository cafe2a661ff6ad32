"""Contract articles that are the same in every pack: intellectual property, confidentiality
and each party's rights and obligations (cross references as §key§, see contract.py)."""

IP = [
    "1. Bên B bảo đảm có đầy đủ quyền hợp pháp đối với phần mềm, giải pháp và tài liệu dùng để "
    "cung cấp dịch vụ; việc Bên A sử dụng dịch vụ không xâm phạm quyền tác giả hay quyền sở hữu "
    "trí tuệ khác của bên thứ ba.",
    "2. Khi có khiếu nại, tranh chấp về quyền sở hữu trí tuệ liên quan đến dịch vụ, Bên B tự "
    "giải quyết bằng chi phí của mình và bồi thường thiệt hại phát sinh cho Bên A.",
    "3. Dữ liệu, tài liệu và nội dung do Bên A tạo ra hoặc cung cấp thuộc quyền của Bên A; Bên B "
    "không được sử dụng chúng vào mục đích khác.",
]
CONFIDENTIALITY = [
    "1. Mỗi bên giữ bí mật thông tin, tài liệu, dữ liệu nhận được từ bên kia trong quá trình thực "
    "hiện hợp đồng; không tiết lộ cho bên thứ ba khi chưa có sự đồng ý bằng văn bản của bên kia, "
    "trừ trường hợp cung cấp cho cơ quan nhà nước có thẩm quyền theo quy định của pháp luật.",
    "2. Bên B chỉ cho phép nhân sự có nhiệm vụ tiếp cận dữ liệu của Bên A và yêu cầu những "
    "người này cam kết bảo mật.",
    "3. Nghĩa vụ bảo mật tiếp tục có hiệu lực sau khi hợp đồng chấm dứt.",
]
RIGHTS_A = [
    "1. Quyền của Bên A:",
    "a) Được cung cấp dịch vụ đúng chất lượng và tiến độ đã cam kết;",
    "b) Kiểm tra, giám sát việc cung cấp dịch vụ; từ chối nghiệm thu phần dịch vụ không đạt "
    "yêu cầu;",
    "c) Sở hữu toàn bộ dữ liệu và được bàn giao dữ liệu theo Điều §data§;",
    "d) Yêu cầu bồi thường thiệt hại do Bên B vi phạm hợp đồng gây ra.",
    "2. Nghĩa vụ của Bên A:",
    "a) Thanh toán đầy đủ, đúng hạn theo Điều §payment§;",
    "b) Cử người đầu mối; cung cấp thông tin, dữ liệu và điều kiện cần thiết để Bên B triển "
    "khai dịch vụ;",
    "c) Tổ chức nghiệm thu kịp thời; sử dụng dịch vụ đúng hướng dẫn;",
    "d) Thông báo kịp thời cho Bên B khi phát hiện sự cố hoặc dịch vụ không đạt chất lượng.",
]
RIGHTS_B = [
    "1. Quyền của Bên B:",
    "a) Được thanh toán đầy đủ, đúng hạn khi kết quả cung cấp dịch vụ đã được nghiệm thu;",
    "b) Được Bên A cung cấp thông tin và điều kiện cần thiết để triển khai dịch vụ;",
    "c) Đề nghị điều chỉnh hợp đồng trong các trường hợp nêu tại Điều §changes§.",
    "2. Nghĩa vụ của Bên B:",
    "a) Cung cấp dịch vụ đúng phạm vi, yêu cầu kỹ thuật và chất lượng đã cam kết trong suốt "
    "thời gian thuê;",
    "b) Thực hiện kế hoạch triển khai, báo cáo định kỳ và phối hợp kiểm tra theo hợp đồng;",
    "c) Bảo đảm an toàn thông tin, giữ bí mật và bàn giao dữ liệu theo các Điều §security§, "
    "§confidentiality§ và §data§;",
    "d) Duy trì năng lực, nhân sự và các chứng chỉ cần thiết trong suốt thời gian thực hiện hợp "
    "đồng;",
    "đ) Bồi thường thiệt hại do lỗi của mình gây ra.",
]
