"""The laws a document cites, as in force on its date (the context key `laws`)."""
from datetime import date

CIVIL_CODE_2005 = "Bộ luật Dân sự số 33/2005/QH11"
CIVIL_CODE = "Bộ luật Dân sự số 91/2015/QH13"
CIVIL_CODE_FROM = date(2017, 1, 1)  # the 2015 code took effect on 01/01/2017
IT_LAW = "Luật Công nghệ thông tin số 67/2006/QH11"
# "Luật Chuyển đổi số số 148/2025/QH15" reads as a stutter; name the law, then its number.
DIGITAL_LAW = "Luật Chuyển đổi số (Luật số 148/2025/QH15)"
BIDDING_LAW_2013 = "Luật Đấu thầu số 43/2013/QH13"
BIDDING_LAW_2023 = "Luật Đấu thầu số 22/2023/QH15"
BIDDING_LAW_2023_FROM = date(2024, 1, 1)


def bidding_law(day: date) -> str:
    """The Law on Bidding in force on a date."""
    return BIDDING_LAW_2023 if day >= BIDDING_LAW_2023_FROM else BIDDING_LAW_2013


def laws_for(day: date) -> dict[str, str]:
    """The laws a template cites, as in force on the document's date (context key `laws`)."""
    # qd80-2014 documents from 2015-2016 were signed under the 2005 Civil Code.
    civil_code = CIVIL_CODE if day >= CIVIL_CODE_FROM else CIVIL_CODE_2005
    return {"civil_code": civil_code, "it": IT_LAW, "digital": DIGITAL_LAW,
            "bidding": bidding_law(day)}
