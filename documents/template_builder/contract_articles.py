"""The articles of the lease contract (domain.md §5), in our own words, per pack.

Each article is (key, title, paragraphs). A paragraph starting with "@" is a table or block
inserted by contract.py, one starting with "{%p" a condition around the paragraphs after it;
"§key§" becomes the number of the article with that key. qd80-2014
is simpler (no acceptance forms, Decision 80's principles); nd73-2019 follows the technical
criteria, three phases and five forms of Circular 23/2020; nd224-2026 cites Law 148/2025/QH15,
allows multi-year leases without the 5-year cap and prices from quotations or listed prices.
"""

from __future__ import annotations

from documents.template_builder.contract_rights import CONFIDENTIALITY, IP, RIGHTS_A, RIGHTS_B

Article = tuple[str, str, list[str]]

FORMS_ND73 = {n: f" (Mẫu số 0{n})" for n in range(1, 6)}


def _form(pack: str, number: int) -> str:
    """The form reference of Circular 23/2020, only under nd73-2019."""
    return FORMS_ND73[number] if pack == "nd73-2019" else ""


def _scope(pack: str) -> list[str]:
    items = [
        "1. Bên A thuê và Bên B cung cấp dịch vụ “{{ service.name }}” (mã dịch vụ "
        "{{ service.code }}) theo kế hoạch thuê dịch vụ đã được phê duyệt, hồ sơ lựa chọn nhà "
        "thầu và các điều khoản của hợp đồng này.",
        "2. Mô tả dịch vụ: {{ service.description|lines }}",
        "3. Sản phẩm dịch vụ của Bên B: {{ offering.name }}; đơn vị tính: {{ service.unit }}; "
        "nơi đặt hạ tầng vận hành dịch vụ: {{ offering.hosting_location }}.",
        "4. Phạm vi công việc của Bên B gồm: chuẩn bị, khởi tạo dịch vụ, vận hành thử và đào "
        "tạo người sử dụng; cung cấp, vận hành và hỗ trợ dịch vụ trong suốt thời gian thuê; "
        "bàn giao dữ liệu và hoàn thành các nghĩa vụ khi kết thúc hợp đồng. Khối lượng và giá "
        "của từng hạng mục nêu tại Điều §price§.",
    ]
    if pack == "qd80-2014":
        items.append(
            "5. Bên A lựa chọn thuê dịch vụ thay cho tự đầu tư sau khi so sánh hiệu quả của hai "
            "phương án. Bên B đã được lựa chọn vì đáp ứng các yêu cầu về năng lực, kinh nghiệm, "
            "bảo mật và an toàn thông tin do Bên A đặt ra và phải duy trì các điều kiện đó trong "
            "suốt thời gian thực hiện hợp đồng.")
    if pack == "nd224-2026":
        items.append(
            "5. Dịch vụ được thuê theo kế hoạch thuê đã đánh giá sự phù hợp với Khung kiến trúc "
            "số và kế hoạch chuyển đổi số của Bên A; Bên B bảo đảm dịch vụ vận hành đúng vị trí "
            "đã xác định trong kiến trúc đó.")
    return items


def _technical(pack: str) -> list[str]:
    if pack == "qd80-2014":
        return [
            "1. Dịch vụ phải đáp ứng các yêu cầu kỹ thuật và chất lượng nêu trong kế hoạch thuê "
            "dịch vụ và hồ sơ lựa chọn nhà thầu, cụ thể: {{ offering.technical|lines }}",
            "2. Bên B hỗ trợ kỹ thuật cho Bên A như sau: {{ offering.support }}.",
        ]
    return [
        "1. Dịch vụ phải đáp ứng các nhóm tiêu chí kỹ thuật dưới đây. Mỗi tiêu chí được thể "
        "hiện bằng kết quả đầu ra đo đếm được và là căn cứ để nghiệm thu:",
        "a) Chức năng nghiệp vụ: dịch vụ có đủ các chức năng nêu tại Điều §scope§ và hồ sơ kỹ "
        "thuật kèm theo hợp đồng;",
        "b) Hiệu năng: thời gian đáp ứng, số người dùng đồng thời và dung lượng lưu trữ đạt các "
        "chỉ tiêu tại Điều §sla§;",
        "c) An toàn thông tin: đáp ứng yêu cầu bảo đảm an toàn hệ thống thông tin cấp độ "
        "{{ service.security_level }} và các nghĩa vụ tại Điều §security§;",
        "d) Các yêu cầu phi chức năng khác: khả năng tương thích, kết nối, tích hợp, mở rộng và "
        "tính sẵn sàng của dịch vụ;",
        "đ) Mức độ hài lòng của người sử dụng, xác định qua khảo sát theo Điều §inspection§;",
        "e) Quản trị dịch vụ: tiếp nhận và xử lý yêu cầu, hỗ trợ kỹ thuật, báo cáo định kỳ. "
        "Cam kết hỗ trợ của Bên B: {{ offering.support }}.",
        "2. Yêu cầu kỹ thuật cụ thể hai bên đã thống nhất: {{ offering.technical|lines }}",
    ]


SLA = [
    "1. Bên B cam kết duy trì các chỉ tiêu chất lượng dịch vụ sau trong suốt thời gian thuê:",
    "@service_levels",
    "2. Các chỉ tiêu được đo bằng công cụ giám sát do Bên B cung cấp và bằng số liệu Bên A tự ghi "
    "nhận. Khi số liệu của hai bên khác nhau, hai bên cùng đối chiếu nhật ký hệ thống để xác định.",
    "3. Kết quả đo được tổng hợp trong báo cáo cung cấp dịch vụ của từng kỳ và là căn cứ nghiệm "
    "thu, thanh toán. Kỳ nào dịch vụ không đạt chỉ tiêu thì xử lý theo Điều §penalty§.",
]


def _term(pack: str) -> list[str]:
    if pack == "qd80-2014":
        return [
            "1. Thời gian chuẩn bị, khởi tạo dịch vụ: không quá {{ term.preparation_months }} "
            "tháng kể từ ngày hợp đồng có hiệu lực.",
            "2. Thời gian thuê dịch vụ: {{ term.months }} tháng, từ ngày {{ term.start|dmy }} "
            "đến hết ngày {{ term.end|dmy }}.",
            "3. Trong vòng {{ term.handover_days }} ngày kể từ khi hết thời gian thuê, Bên B trả "
            "lại toàn bộ dữ liệu của Bên A theo Điều §data§.",
        ]
    items = [
        "Hợp đồng được thực hiện theo ba giai đoạn:",
        "1. Giai đoạn chuẩn bị dịch vụ: không quá {{ term.preparation_months }} tháng kể từ "
        "ngày hợp đồng có hiệu lực. Bên B khởi tạo, cấu hình dịch vụ, chuyển đổi dữ liệu ban "
        "đầu, vận hành thử và đào tạo người sử dụng. Giai đoạn này kết thúc khi hai bên ký biên "
        "bản nghiệm thu, bàn giao đưa dịch vụ vào sử dụng.",
        "2. Giai đoạn thuê dịch vụ: {{ term.months }} tháng, tính từ ngày nghiệm thu, bàn giao "
        "đưa dịch vụ vào sử dụng; dự kiến từ ngày {{ term.start|dmy }} đến hết ngày "
        "{{ term.end|dmy }}. Nếu ngày nghiệm thu, bàn giao thay đổi thì ngày bắt đầu và ngày "
        "kết thúc được tính lại tương ứng, số tháng thuê không đổi.",
        "3. Giai đoạn bàn giao dữ liệu và hoàn thành các nghĩa vụ khác: trong vòng "
        "{{ term.handover_days }} ngày kể từ khi kết thúc thời gian thuê, Bên B bàn giao dữ liệu "
        "theo Điều §data§ và hoàn thành các nghĩa vụ còn lại của hợp đồng.",
    ]
    if pack == "nd224-2026":
        items.append(
            "4. Thời gian thuê có thể kéo dài nhiều năm theo kế hoạch thuê đã được phê duyệt và "
            "không bị giới hạn ở mức 05 năm; kinh phí của từng năm được bố trí trong dự toán "
            "ngân sách hằng năm của Bên A.")
    return items


def _plan_of_work(pack: str) -> list[str]:
    return [
        "1. Trong vòng 10 ngày kể từ ngày ký hợp đồng, Bên B gửi Bên A kế hoạch triển khai chi "
        "tiết, gồm: các mốc công việc và thời hạn hoàn thành, nhân sự phụ trách, phương án "
        "chuyển đổi dữ liệu, kế hoạch đào tạo và phương án bảo đảm an toàn thông tin.",
        "2. Bên B báo cáo tiến độ tại từng mốc của giai đoạn chuẩn bị và lập báo cáo tình hình "
        f"cung cấp dịch vụ{_form(pack, 2)} cho từng kỳ thanh toán trong thời gian thuê.",
        "3. Khi có nguy cơ chậm mốc, Bên B thông báo ngay cho Bên A bằng văn bản, nêu nguyên "
        "nhân và biện pháp khắc phục.",
    ]


def _price(pack: str) -> list[str]:
    # The sentence that the price is within the approved estimate is printed only when the
    # contract was checked against an approved plan (context key within_plan); otherwise the
    # clause states the price method alone (issue 12, point 4).
    fixed = "Đơn giá cố định trong suốt thời gian thuê, trừ trường hợp điều chỉnh theo Điều " \
            "§changes§."
    checked = {
        "qd80-2014": "4. Giá hợp đồng không vượt giá trúng thầu và dự toán được duyệt; đơn "
        "giá cố định trong suốt thời gian thuê, trừ trường hợp điều chỉnh theo Điều §changes§.",
        "nd73-2019": "4. Giá hợp đồng được xác định theo phương pháp xác định chi phí thuê "
        "trong kế hoạch thuê dịch vụ đã được phê duyệt và không vượt giá trúng thầu, dự toán "
        "được duyệt. " + fixed,
        "nd224-2026": "4. Đơn giá được xác định trên cơ sở báo giá thu thập công khai, giá niêm "
        "yết, kết quả trúng thầu trước đó của dịch vụ tương tự hoặc kết quả thẩm định giá, phù "
        "hợp với phương pháp trong kế hoạch thuê đã được phê duyệt. Giá hợp đồng không vượt giá "
        "trúng thầu và dự toán được duyệt.",
    }[pack]
    unchecked = {
        "qd80-2014": "4. " + fixed,
        "nd73-2019": "4. " + fixed,
        "nd224-2026": "4. Đơn giá được xác định trên cơ sở báo giá thu thập công khai, giá niêm "
        "yết, kết quả trúng thầu trước đó của dịch vụ tương tự hoặc kết quả thẩm định giá.",
    }[pack]
    basis = ["{%p if within_plan %}", checked, "{%p else %}", unchecked, "{%p endif %}"]
    return [
        "1. Khối lượng, đơn giá và thành tiền của các hạng mục dịch vụ như sau:",
        "@price_table",
        "2. **Tổng giá trị hợp đồng: {{ totals.total|vnd }} đồng** (Bằng chữ: "
        "{{ totals.total|words }}), đã bao gồm thuế giá trị gia tăng.",
        "Trong đó: giá trị trước thuế giá trị gia tăng là {{ totals.before_vat|vnd }} đồng; "
        "thuế giá trị gia tăng là {{ totals.vat|vnd }} đồng.",
        "3. Dịch vụ phần mềm thuộc đối tượng không chịu thuế giá trị gia tăng; các hạng mục hạ "
        "tầng, lưu trữ, đường truyền và thiết bị chịu thuế theo thuế suất ghi tại từng dòng. "
        "Khi thuế suất thay đổi theo quy định của pháp luật, tiền thuế được tính theo thuế suất "
        "có hiệu lực tại thời điểm lập hóa đơn.",
        *basis,
    ]


def _payment(pack: str) -> list[str]:
    return [
        "1. Hình thức thanh toán: {{ payment.method }}, bằng đồng Việt Nam, vào tài khoản của "
        "Bên B nêu tại phần đầu hợp đồng.",
        "2. Định kỳ thanh toán: {{ payment.schedule_label }}. Số tiền và thời hạn dự kiến của "
        "từng kỳ như sau:",
        "@payment_table",
        "3. Mỗi kỳ chỉ được thanh toán sau khi hai bên đã nghiệm thu kết quả cung cấp dịch vụ "
        "của kỳ đó theo Điều §acceptance§. Hồ sơ thanh toán gồm biên bản nghiệm thu kết quả kỳ"
        f"{_form(pack, 5)}, hóa đơn hợp lệ và văn bản đề nghị thanh toán của Bên B.",
        "4. Bên A thanh toán trong vòng {{ payment.days }} ngày làm việc kể từ ngày nhận đủ hồ sơ "
        "hợp lệ. Nếu việc nghiệm thu kỳ chậm hơn dự kiến thì thời hạn thanh toán lùi tương ứng.",
        "5. Số tiền của kỳ có chỉ tiêu chất lượng không đạt được giảm trừ theo Điều §penalty§; "
        "tổng số tiền thanh toán không vượt giá hợp đồng.",
    ]


def _acceptance(pack: str) -> list[str]:
    if pack == "qd80-2014":
        return [
            "1. Sau khi vận hành thử đạt yêu cầu, hai bên nghiệm thu, bàn giao đưa dịch vụ vào "
            "sử dụng; ngày ký biên bản là ngày bắt đầu thời gian thuê.",
            "2. Cuối mỗi kỳ thanh toán, hai bên nghiệm thu kết quả cung cấp dịch vụ trong kỳ "
            "trên cơ sở báo cáo của Bên B và kết quả theo dõi của Bên A. Biên bản nghiệm thu kỳ "
            "là căn cứ thanh toán.",
        ]
    items = [
        "Việc nghiệm thu gồm hai bước và được lập thành văn bản như sau:",
        "1. Nghiệm thu đưa dịch vụ vào sử dụng: sau khi vận hành thử đạt yêu cầu, hai bên lập "
        f"biên bản nghiệm thu, bàn giao đưa dịch vụ vào sử dụng{_form(pack, 1)}. Ngày ký biên "
        "bản là ngày bắt đầu thời gian thuê.",
        "2. Nghiệm thu kết quả từng kỳ: trong vòng 05 ngày làm việc sau khi kết thúc kỳ, Bên B "
        f"gửi báo cáo tình hình cung cấp dịch vụ trong kỳ{_form(pack, 2)}; Bên A lập báo cáo "
        f"theo dõi, giám sát việc cung cấp dịch vụ{_form(pack, 3)}. Trên cơ sở hai báo cáo, hai "
        f"bên lập biên bản nghiệm thu kết quả cung cấp dịch vụ trong kỳ{_form(pack, 5)}, làm căn "
        "cứ thanh toán.",
        "3. Khi kết thúc hợp đồng, việc bàn giao dữ liệu được ghi nhận bằng biên bản bàn giao "
        f"dữ liệu{_form(pack, 4)}.",
    ]
    # Where the forms are follows the contract's date (documents/laws.py, the registry).
    items += ["{%p if laws.acceptance_forms %}",
              "4. Các biên bản, báo cáo nêu trên lập theo mẫu quy định tại "
              "{{ laws.acceptance_forms }}.", "{%p endif %}"]
    return items


def _inspection(pack: str) -> list[str]:
    items = [
        "1. Bên A kiểm tra chất lượng dịch vụ bằng các hình thức: khảo sát mức độ hài lòng của "
        "người sử dụng ít nhất mỗi năm một lần; kiểm tra định kỳ 06 tháng một lần; kiểm tra đột "
        "xuất khi có phản ánh hoặc sự cố.",
        "2. Bên B cung cấp số liệu, nhật ký hệ thống và bố trí nhân sự phối hợp khi được yêu "
        "cầu. Kiểm tra đột xuất được báo trước ít nhất 01 ngày làm việc, trừ trường hợp khẩn cấp "
        "về an toàn thông tin.",
        "3. Kết quả kiểm tra được lập thành biên bản và là căn cứ để nghiệm thu, giảm trừ thanh "
        "toán hoặc yêu cầu Bên B khắc phục.",
    ]
    return [items[0], items[2].replace("3.", "2.", 1)] if pack == "qd80-2014" else items


def _data(pack: str) -> list[str]:
    owner = (
        "1. Dữ liệu do Bên A đưa vào và dữ liệu hình thành trong quá trình sử dụng dịch vụ thuộc "
        "quyền sở hữu của Bên A. Bên B chỉ được xử lý dữ liệu để cung cấp dịch vụ theo hợp đồng; "
        "không được khai thác, sao chép hoặc chuyển giao cho bên thứ ba dưới bất kỳ hình thức nào.")
    if pack == "qd80-2014":
        return [owner,
                "2. Khi kết thúc hợp đồng, Bên B trả lại toàn bộ dữ liệu cho Bên A như sau: "
                "{{ data_handover|lines }}",
                "3. Sau khi Bên A xác nhận đã nhận đủ dữ liệu, Bên B xóa dữ liệu của Bên A khỏi "
                "hệ thống của mình."]
    return [
        owner,
        "2. Khi kết thúc hợp đồng hoặc khi Bên A yêu cầu, dữ liệu được bàn giao theo trình tự:",
        "a) Phương thức và công cụ: {{ data_handover|lines }}",
        "b) Trách nhiệm: Bên B chuẩn bị và chuyển dữ liệu; Bên A tiếp nhận và kiểm tra; mỗi bên "
        "cử người đầu mối;",
        "c) Kiểm tra trước và sau bàn giao: hai bên xác nhận số lượng, cấu trúc và tính toàn vẹn "
        "của dữ liệu trước khi xuất và sau khi nhập vào hệ thống của Bên A;",
        "d) Sao lưu: Bên B sao lưu toàn bộ dữ liệu trước khi bàn giao và giữ bản sao đến khi hai "
        "bên ký biên bản bàn giao;",
        "đ) Đối soát: hai bên đối soát dữ liệu đã nhận với dữ liệu gốc và ghi kết quả vào biên "
        "bản;",
        "e) Xóa dữ liệu: sau khi bàn giao xong, Bên B xóa dữ liệu của Bên A khỏi hệ thống và các "
        "bản sao lưu của mình, có biên bản xác nhận;",
        "g) Cam kết sau bàn giao: Bên B không lưu giữ, khôi phục hay sử dụng dữ liệu của Bên A "
        "và tiếp tục giữ bí mật theo Điều §confidentiality§.",
        f"3. Việc bàn giao dữ liệu được ghi nhận bằng biên bản bàn giao dữ liệu{_form(pack, 4)}.",
    ]


def _security(pack: str) -> list[str]:
    items = [
        "1. Bên B bảo đảm an toàn hệ thống thông tin cung cấp dịch vụ theo cấp độ "
        "{{ service.security_level }} và quy định của pháp luật về an toàn thông tin mạng, bảo "
        "vệ dữ liệu cá nhân.",
        "2. Bên B có phương án bảo đảm an toàn thông tin; giám sát liên tục; sao lưu dữ liệu "
        "định kỳ; kiểm tra, đánh giá an toàn thông tin ít nhất mỗi năm một lần và khắc phục lỗ "
        "hổng trong thời hạn hai bên thống nhất.",
        "3. Khi xảy ra sự cố an toàn thông tin, Bên B thông báo cho Bên A chậm nhất 24 giờ kể từ "
        "khi phát hiện, phối hợp ứng cứu và báo cáo kết quả xử lý.",
        "4. Bên A quản lý tài khoản người dùng của mình và tuân thủ hướng dẫn sử dụng an toàn "
        "do Bên B cung cấp.",
    ]
    if pack == "nd224-2026":
        items.append("5. Dịch vụ đáp ứng các yêu cầu về an toàn, an ninh đối với nền tảng số và "
                     "dữ liệu theo {{ laws.digital }} và các văn bản hướng dẫn.")
    return items


CHANGES = [
    "1. Hợp đồng được điều chỉnh khi: thay đổi khối lượng, số người sử dụng hoặc chức năng dịch "
    "vụ trong phạm vi kế hoạch thuê đã được phê duyệt; pháp luật thay đổi ảnh hưởng trực tiếp "
    "đến việc thực hiện hợp đồng; xảy ra sự kiện bất khả kháng.",
    "2. Mọi thay đổi phải được hai bên thỏa thuận bằng văn bản và lập thành phụ lục hợp đồng. "
    "Phụ lục là bộ phận không tách rời của hợp đồng.",
    "3. Việc điều chỉnh không được làm giá hợp đồng vượt dự toán được duyệt, trừ khi được người "
    "có thẩm quyền chấp thuận theo quy định.",
]
FORCE_MAJEURE = [
    "1. Sự kiện bất khả kháng là sự kiện xảy ra khách quan, không thể lường trước và không thể "
    "khắc phục dù đã áp dụng mọi biện pháp cần thiết trong khả năng cho phép, như thiên tai, "
    "hỏa hoạn, dịch bệnh, chiến tranh hoặc quyết định của cơ quan nhà nước có thẩm quyền.",
    "2. Bên gặp sự kiện bất khả kháng thông báo bằng văn bản cho bên kia trong vòng 05 ngày "
    "làm việc kể từ khi sự kiện xảy ra và áp dụng mọi biện pháp để hạn chế thiệt hại.",
    "3. Thời gian bị ảnh hưởng bởi sự kiện bất khả kháng không tính vào thời hạn thực hiện nghĩa "
    "vụ; bên gặp sự kiện không bị phạt hay phải bồi thường cho phần nghĩa vụ không thực hiện "
    "được vì sự kiện đó.",
]
TERMINATION = [
    "1. Một bên được tạm dừng thực hiện hợp đồng khi bên kia vi phạm nghĩa vụ cơ bản và không "
    "khắc phục trong 15 ngày kể từ ngày nhận được thông báo bằng văn bản. Trong thời gian tạm "
    "dừng, Bên B vẫn phải bảo toàn dữ liệu của Bên A.",
    "2. Hợp đồng chấm dứt khi: hết thời gian thuê và các bên đã hoàn thành nghĩa vụ; hai bên "
    "thỏa thuận chấm dứt; một bên đơn phương chấm dứt do bên kia vi phạm nghiêm trọng hợp đồng; "
    "sự kiện bất khả kháng kéo dài quá 60 ngày.",
    "3. Bên A được đơn phương chấm dứt hợp đồng khi dịch vụ không đạt chỉ tiêu chất lượng trong "
    "02 kỳ liên tiếp hoặc khi Bên B để lộ, làm mất dữ liệu của Bên A do lỗi của mình.",
    "4. Khi hợp đồng chấm dứt trước hạn, Bên A thanh toán phần dịch vụ đã được nghiệm thu và "
    "Bên B bàn giao dữ liệu theo Điều §data§.",
]
PENALTY = [
    "1. Kỳ nào dịch vụ không đạt chỉ tiêu tại Điều §sla§ thì số tiền thanh toán của kỳ đó được "
    "giảm trừ tương ứng với mức độ không đạt, theo mức hai bên ghi trong biên bản nghiệm thu kỳ.",
    "2. Bên B chậm hoàn thành giai đoạn chuẩn bị dịch vụ thì bị phạt 0,1% giá hợp đồng cho mỗi "
    "ngày chậm.",
    "3. Tổng mức phạt vi phạm không vượt quá 8% giá trị phần nghĩa vụ hợp đồng bị vi phạm.",
    "4. Bên vi phạm hợp đồng gây thiệt hại phải bồi thường thiệt hại thực tế cho bên bị vi phạm "
    "theo quy định của {{ laws.civil_code }}.",
]
DISPUTES = [
    "1. Tranh chấp phát sinh trước hết được hai bên giải quyết bằng thương lượng, hòa giải.",
    "2. Nếu không thương lượng được trong vòng 30 ngày kể từ ngày một bên thông báo tranh chấp, "
    "mỗi bên có quyền đưa tranh chấp ra Tòa án nhân dân có thẩm quyền để giải quyết theo quy "
    "định của pháp luật.",
]
OTHER = [
    "@special_clauses",
    "Những nội dung không quy định trong hợp đồng này được thực hiện theo quy định của pháp "
    "luật hiện hành.",
]
VALIDITY = [
    "1. Hợp đồng có hiệu lực kể từ ngày ký và hết hiệu lực khi hai bên hoàn thành các nghĩa vụ "
    "theo hợp đồng, kể cả nghĩa vụ bàn giao dữ liệu.",
    "2. Hợp đồng được lập thành {{ \"%02d\"|format(copies) }} bản có giá trị pháp lý như nhau, "
    "mỗi bên giữ {{ \"%02d\"|format(copies_each) }} bản.",
]


def articles(pack: str) -> list[Article]:
    """Every article of the contract for a pack, in order."""
    return [
        ("scope", "Đối tượng và phạm vi dịch vụ", _scope(pack)),
        ("technical", "Yêu cầu kỹ thuật của dịch vụ", _technical(pack)),
        ("sla", "Chất lượng dịch vụ và cách đo lường", SLA),
        ("term", "Thời gian thực hiện hợp đồng", _term(pack)),
        ("work_plan", "Kế hoạch triển khai của Bên B", _plan_of_work(pack)),
        ("price", "Giá hợp đồng và thuế giá trị gia tăng", _price(pack)),
        ("payment", "Phương thức và thời hạn thanh toán", _payment(pack)),
        ("acceptance", "Nghiệm thu", _acceptance(pack)),
        ("inspection", "Kiểm tra chất lượng dịch vụ trong thời gian thuê", _inspection(pack)),
        ("data", "Quyền sở hữu và bàn giao dữ liệu", _data(pack)),
        ("security", "Bảo đảm an toàn thông tin", _security(pack)),
        ("ip", "Quyền tác giả và quyền sở hữu trí tuệ", IP),
        ("confidentiality", "Bảo mật thông tin", CONFIDENTIALITY),
        ("rights_a", "Quyền và nghĩa vụ của Bên A", RIGHTS_A),
        ("rights_b", "Quyền và nghĩa vụ của Bên B", RIGHTS_B),
        ("changes", "Thay đổi và điều chỉnh hợp đồng", CHANGES),
        ("force_majeure", "Bất khả kháng", FORCE_MAJEURE),
        ("termination", "Tạm dừng và chấm dứt hợp đồng", TERMINATION),
        ("penalty", "Phạt vi phạm và bồi thường thiệt hại", PENALTY),
        ("disputes", "Giải quyết tranh chấp", DISPUTES),
        ("other", "Điều khoản khác", OTHER),
        ("validity", "Hiệu lực hợp đồng", VALIDITY),
    ]
