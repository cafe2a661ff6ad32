"""The five acceptance documents of domain.md §5, per pack, in our own words.

Form 1 records the handover of the service into use, 2 is the vendor's report on a period,
3 the agency's monitoring report, 4 the handover of the data at the end, and 5 the acceptance
of a period's results, which is the basis for payment. Under qd80-2014 there were no official
forms, so those documents are shorter; nd73-2019 cites Annex II of Circular 23/2020 and
nd224-2026 Circular 41/2026. The context is PREVIEW_ACCEPTANCE of documents/preview.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Pt

from documents.template_builder import kit

ACCEPTANCE_KINDS = tuple(f"acceptance-{number}" for number in range(1, 6))
TITLES = {
    1: "BIÊN BẢN NGHIỆM THU, BÀN GIAO ĐƯA DỊCH VỤ VÀO SỬ DỤNG",
    2: "BÁO CÁO TÌNH HÌNH CUNG CẤP DỊCH VỤ",
    3: "BÁO CÁO THEO DÕI, GIÁM SÁT VIỆC CUNG CẤP DỊCH VỤ",
    4: "BIÊN BẢN BÀN GIAO DỮ LIỆU",
    5: "BIÊN BẢN NGHIỆM THU KẾT QUẢ CUNG CẤP DỊCH VỤ",
}
# The packs with acceptance forms; where they are follows the document's date (laws.py).
CIRCULAR = {"nd73-2019": "{{ laws.acceptance_forms }}", "nd224-2026": "{{ laws.acceptance_forms }}"}
PERIOD_LINE = ("Kỳ {{ period.no }}: {{ period.label }} (từ ngày {{ period.start|dmy }} đến "
               "ngày {{ period.end|dmy }})")
MEASURED_HEADER = ["STT", "Chỉ tiêu chất lượng", "Mức cam kết", "Kết quả đo trong kỳ",
                   "Đánh giá"]
PROMISED_HEADER = ["STT", "Chỉ tiêu chất lượng", "Mức cam kết", "Cách đo lường"]
SIDES = {"a": ("ĐẠI DIỆN BÊN A", "party_a"), "b": ("ĐẠI DIỆN BÊN B", "party_b")}


def _money(amount: str) -> str:
    """An amount in figures, then in words, as on treasury documents."""
    return f"{{{{ {amount}|vnd }}}} đồng (Bằng chữ: {{{{ {amount}|words }}}})"


def _heading(doc: DocumentObject, pack: str, form: int, issuer: str | None) -> None:
    """Form reference, national header (beside the issuer for reports), date, title."""
    if pack in CIRCULAR:
        kit.tag(doc, "{%p if laws.acceptance_forms %}")
        kit.para(doc, f"Mẫu số 0{form} – {CIRCULAR[pack]}", align="right", italic=True,
                 size=Pt(11), after=Pt(0))
        kit.tag(doc, "{%p endif %}")
    if issuer:
        header = kit.table(doc, [70, 95], grid=False)
        left, right = header.add_row().cells
        kit.first_paragraph(left, f"{{{{ {issuer}.name|upper }}}}", bold=True, align="center")
        kit.first_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True,
                            align="center")
        kit.para(right, "Độc lập - Tự do - Hạnh phúc", align="center", bold=True,
                 underline=True, style=kit.TABLE_STYLE)
    else:
        kit.national_header(doc)
    kit.place_date(doc)
    kit.para(doc, TITLES[form], align="center", bold=True, size=Pt(14), after=Pt(0))
    if form in (2, 3, 5):
        kit.para(doc, PERIOD_LINE, align="center", bold=True, after=Pt(0))
    kit.para(doc, "Hợp đồng số {{ contract.number }} ngày {{ contract.date|dmy }} – Dịch vụ: "
                  "{{ service.name }}", align="center", after=Pt(12))


def _bases(doc: DocumentObject, pack: str, form: int) -> None:
    """The "Căn cứ" lines: the contract, the pack's acceptance rules, the period's reports."""
    kit.para(doc, "Căn cứ Hợp đồng thuê dịch vụ công nghệ thông tin số {{ contract.number }} "
                  "ký {{ contract.date|date_vn }} giữa {{ party_a.name }} và "
                  "{{ party_b.name }};", italic=True)
    if pack in CIRCULAR:
        kit.tag(doc, "{%p if laws.acceptance_forms %}")
        kit.para(doc, f"Căn cứ quy định về nghiệm thu dịch vụ tại {CIRCULAR[pack]};",
                 italic=True)
        kit.tag(doc, "{%p endif %}")
    if form == 5 and pack != "qd80-2014":
        kit.para(doc, "Căn cứ báo cáo tình hình cung cấp dịch vụ của Bên B và báo cáo theo dõi, "
                      "giám sát của Bên A trong kỳ;", italic=True)


def _parties(doc: DocumentObject, pack: str) -> None:
    """Who meets: both parties with their representatives (addresses except under qd80)."""
    kit.para(doc, "Hôm nay, {{ document.date|date_vn }}, tại {{ document.place }}, chúng tôi "
                  "gồm:")
    for heading, key in (("BÊN THUÊ DỊCH VỤ (Bên A)", "party_a"),
                         ("BÊN CUNG CẤP DỊCH VỤ (Bên B)", "party_b")):
        kit.para(doc, f"**{heading}: {{{{ {key}.name }}}}**", indent=False, keep_next=True,
                 after=Pt(2))
        if pack != "qd80-2014":
            kit.para(doc, f"Địa chỉ: {{{{ {key}.address }}}}", indent=False, after=Pt(2))
        kit.para(doc, f"Đại diện: Ông/Bà {{{{ {key}.representative }}}} – Chức vụ: "
                      f"{{{{ {key}.position }}}}", indent=False)


def _levels(doc: DocumentObject, measured: bool) -> None:
    """The service levels: promised only, or promised against measured with the verdict."""
    if measured:
        table = kit.table(doc, [10, 45, 36, 44, 30])
        kit.add_row(table, MEASURED_HEADER, bold=True, aligns="ccccc", header=True)
        cells = ["{{ loop.index }}", "{{ level.name }}", "{{ level.target|lines }}",
                 "{{ level.measured|lines }}", "{{ 'Đạt' if level.met else 'Không đạt' }}"]
        aligns = "clllc"
    else:
        table = kit.table(doc, [10, 50, 45, 60])
        kit.add_row(table, PROMISED_HEADER, bold=True, aligns="cccc", header=True)
        cells = ["{{ loop.index }}", "{{ level.name }}", "{{ level.target|lines }}",
                 "{{ level.measure|lines }}"]
        aligns = "clll"
    kit.tag_row(table, "{%tr for level in service_levels %}")
    kit.add_row(table, cells, aligns=aligns)
    kit.tag_row(table, "{%tr endfor %}")
    kit.para(doc, "", after=Pt(0))


def _deductions(doc: DocumentObject, lead: str) -> None:
    """The deduction and its reason, or a sentence saying there is none."""
    kit.tag(doc, "{%p if deductions.amount %}")
    kit.para(doc, f"{lead}: {_money('deductions.amount')}. Lý do: "
                  "{{ deductions.reason|lines }}")
    kit.tag(doc, "{%p endif %}")
    kit.tag(doc, "{%p if not deductions.amount %}")
    kit.para(doc, f"{lead}: không có.")
    kit.tag(doc, "{%p endif %}")


def _notes(doc: DocumentObject, number: int) -> None:
    """The parties' other remarks, only when there are some."""
    kit.tag(doc, "{%p if notes %}")
    kit.para(doc, f"{number}. Ý kiến khác: {{{{ notes|lines }}}}")
    kit.tag(doc, "{%p endif %}")


def _signatures(doc: DocumentObject, sides: str, pack: str) -> None:
    """Signature blocks side by side; a report signed by one party lists its recipients."""
    copies = ("Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản." if pack == "qd80-2014"
              else "Biên bản được lập thành 04 bản có giá trị pháp lý như nhau, mỗi bên giữ "
                   "02 bản.")
    if len(sides) == 2:
        kit.para(doc, copies)
    table = kit.table(doc, [82, 83], grid=False)
    left, right = table.add_row().cells
    if len(sides) == 1:
        other = "party_a" if sides == "b" else "party_b"
        kit.first_paragraph(left, "Nơi nhận:", bold=True, italic=True)
        kit.para(left, f"- {{{{ {other}.name }}}};", align="left", style=kit.TABLE_STYLE,
                 after=Pt(0))
        kit.para(left, "- Lưu hồ sơ hợp đồng.", align="left", style=kit.TABLE_STYLE)
        cells = [right]
    else:
        cells = [left, right]
    for cell, side in zip(cells, sides):
        heading, key = SIDES[side]
        kit.signature_cell(cell, heading, f"{{{{ {key}.position|upper }}}}",
                           f"{{{{ {key}.representative }}}}")


def _form_1(doc: DocumentObject, pack: str) -> None:
    kit.para(doc, "Hai bên cùng kiểm tra và thống nhất nghiệm thu, bàn giao đưa dịch vụ vào sử "
                  "dụng với các nội dung sau:")
    kit.para(doc, "1. Bên B đã hoàn thành việc chuẩn bị, khởi tạo dịch vụ, vận hành thử và đào "
                  "tạo người sử dụng; dịch vụ đáp ứng các yêu cầu của hợp đồng.")
    kit.para(doc, "2. Các chỉ tiêu chất lượng Bên B cam kết duy trì trong thời gian thuê:",
             keep_next=True)
    _levels(doc, measured=False)
    kit.para(doc, "3. Thời gian thuê dịch vụ: {{ contract.months }} tháng, từ ngày "
                  "{{ period.start|dmy }} đến ngày {{ period.end|dmy }}.")
    kit.para(doc, f"4. Giá trị hợp đồng: {_money('contract.total')}.")
    if pack != "qd80-2014":
        kit.para(doc, "5. Bên B bàn giao cho Bên A tài khoản quản trị, tài liệu hướng dẫn sử "
                      "dụng và đầu mối hỗ trợ kỹ thuật của dịch vụ.")
    kit.para(doc, "**Kết luận:** Dịch vụ được đưa vào sử dụng kể từ {{ document.date|date_vn }}; "
                  "đây là ngày bắt đầu tính thời gian thuê và chất lượng dịch vụ.")
    _signatures(doc, "ab", pack)


def _form_2(doc: DocumentObject, pack: str) -> None:
    kit.para(doc, "Kính gửi: {{ party_a.name }}", align="center", after=Pt(12))
    kit.para(doc, "Căn cứ Hợp đồng số {{ contract.number }} ký {{ contract.date|date_vn }}, "
                  "{{ party_b.name }} (Bên B) báo cáo tình hình cung cấp dịch vụ "
                  "“{{ service.name }}” trong kỳ như sau:")
    kit.para(doc, "1. Kết quả thực hiện các chỉ tiêu chất lượng dịch vụ:", keep_next=True)
    _levels(doc, measured=True)
    if pack == "qd80-2014":
        kit.para(doc, f"2. Giá trị dịch vụ của kỳ đề nghị nghiệm thu: {_money('period.amount')}.")
        _notes(doc, 3)
    else:
        kit.para(doc, "2. Tình hình vận hành, sự cố và xử lý sự cố, hỗ trợ người sử dụng trong "
                      "kỳ: theo nhật ký hệ thống và các biên bản sự cố gửi kèm báo cáo này.")
        kit.para(doc, f"3. Giá trị dịch vụ của kỳ đề nghị nghiệm thu: {_money('period.amount')}.")
        kit.para(doc, "4. Bên B đề nghị Bên A tổ chức nghiệm thu kết quả cung cấp dịch vụ của "
                      "kỳ.")
        _notes(doc, 5)
    _signatures(doc, "b", pack)


def _form_3(doc: DocumentObject, pack: str) -> None:
    kit.para(doc, "{{ party_a.name }} (Bên A) báo cáo kết quả theo dõi, giám sát việc cung cấp "
                  "dịch vụ “{{ service.name }}” của {{ party_b.name }} (Bên B) trong kỳ như sau:")
    kit.para(doc, "1. Kết quả đo các chỉ tiêu chất lượng so với mức cam kết:", keep_next=True)
    _levels(doc, measured=True)
    kit.para(doc, "Số chỉ tiêu đạt: {{ service_levels|selectattr('met')|list|length }}/"
                  "{{ service_levels|length }}.")
    if pack != "qd80-2014":
        kit.para(doc, "2. Phương pháp theo dõi: số liệu của công cụ giám sát, nhật ký hệ thống, "
                      "phản ánh của người sử dụng và kết quả kiểm tra định kỳ, đột xuất.")
    _deductions(doc, "3. Đề xuất giảm trừ" if pack != "qd80-2014" else "2. Đề xuất giảm trừ")
    _notes(doc, 4 if pack != "qd80-2014" else 3)
    _signatures(doc, "a", pack)


def _form_4(doc: DocumentObject, pack: str) -> None:
    kit.para(doc, "Thời gian thuê dịch vụ kết thúc ngày {{ period.end|dmy }}. Hai bên tiến "
                  "hành bàn giao dữ liệu hình thành trong quá trình sử dụng dịch vụ, thuộc "
                  "quyền sở hữu của Bên A, với các nội dung sau:")
    kit.para(doc, "1. Phương thức, công cụ và nội dung bàn giao: {{ handover.method|lines }}")
    if pack == "qd80-2014":
        kit.para(doc, "2. Bên B đã trả lại toàn bộ dữ liệu cho Bên A và không giữ lại bản sao "
                      "nào.")
    else:
        kit.para(doc, "2. Trước khi bàn giao, Bên B sao lưu toàn bộ dữ liệu; sau khi bàn giao, "
                      "hai bên đối soát số lượng bản ghi, dung lượng và mã băm của dữ liệu và "
                      "xác nhận dữ liệu đầy đủ, toàn vẹn.")
        kit.para(doc, "3. Sau khi Bên A xác nhận, Bên B xóa dữ liệu của Bên A khỏi hệ thống "
                      "của mình, thông báo bằng văn bản và tiếp tục bảo mật thông tin đã biết "
                      "trong quá trình cung cấp dịch vụ.")
    kit.para(doc, "Thời hạn hoàn thành việc bàn giao: {{ handover.days }} ngày sau khi kết thúc "
                  "thời gian thuê, chậm nhất ngày {{ handover.date|dmy }}.")
    _signatures(doc, "ab", pack)


def _form_5(doc: DocumentObject, pack: str) -> None:
    kit.para(doc, "Hai bên cùng nghiệm thu kết quả cung cấp dịch vụ của kỳ với các nội dung "
                  "sau:")
    kit.para(doc, "1. Kết quả cung cấp dịch vụ so với các chỉ tiêu chất lượng đã cam kết:",
             keep_next=True)
    _levels(doc, measured=True)
    if pack == "qd80-2014":
        kit.para(doc, f"2. Giá trị của kỳ theo hợp đồng: {_money('period.amount')}.")
    else:
        kit.para(doc, "2. Giá trị thanh toán của kỳ:", keep_next=True)
        table = kit.table(doc, [115, 50])
        kit.add_row(table, ["Nội dung", "Số tiền (đồng)"], bold=True, aligns="cc", header=True)
        kit.add_row(table, ["Giá trị của kỳ theo hợp đồng", "{{ period.amount|vnd }}"],
                    aligns="lr")
        kit.add_row(table, ["Giảm trừ do chỉ tiêu chất lượng không đạt",
                            "{{ deductions.amount|vnd }}"], aligns="lr")
        kit.add_row(table, ["Giá trị được nghiệm thu, đề nghị thanh toán",
                            "{{ accepted_amount|vnd }}"], aligns="lr", bold=True)
        kit.para(doc, "", after=Pt(0))
    _deductions(doc, "Giảm trừ")
    kit.para(doc, f"**Giá trị được nghiệm thu:** {_money('accepted_amount')}.")
    kit.para(doc, "3. Kết luận: Hai bên thống nhất nghiệm thu kết quả cung cấp dịch vụ kỳ "
                  "{{ period.no }}. Biên bản này là căn cứ để Bên A thanh toán cho Bên B số tiền "
                  "được nghiệm thu nêu trên.")
    _notes(doc, 4)
    _signatures(doc, "ab", pack)


BODIES = {1: _form_1, 2: _form_2, 3: _form_3, 4: _form_4, 5: _form_5}
ISSUERS = {2: "party_b", 3: "party_a"}  # reports come from one party, records from both


def build_acceptance(pack: str, kind: str, version: int) -> DocumentObject:
    """One acceptance document template (kind "acceptance-1" … "acceptance-5") for a pack."""
    form = int(kind.removeprefix("acceptance-"))
    title = TITLES[form].capitalize()
    doc = kit.new_document(f"{title} ({pack})", f"thue-dv-cntt template {pack}/{kind} v{version}")
    _heading(doc, pack, form, ISSUERS.get(form))
    if form not in ISSUERS:
        _bases(doc, pack, form)
        _parties(doc, pack)
    BODIES[form](doc, pack)
    kit.footer(doc, "Hợp đồng số {{ contract.number }}")
    return doc
