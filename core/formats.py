"""Dates and numbers as Vietnamese official documents write them, and text split into lines."""
from datetime import date
from decimal import Decimal


def date_vn(day: date) -> str:
    """Write a date as "ngày 05 tháng 02 năm 2026" (Decree 30/2020 padding)."""
    # Days 1-9 and months 1-2 take a leading zero so nobody can add a digit afterwards.
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day_text} tháng {month_text} năm {day.year}"


def dmy(day: date) -> str:
    """Write a date as 05/02/2026."""
    return day.strftime("%d/%m/%Y")


def num(value: object, places: int = 6) -> str:
    """Write a number with a decimal comma and at most `places` decimals: 1,346855."""
    # Rates travel as decimal strings ("0.065"): str() keeps an int or Decimal exact too.
    text = f"{round(Decimal(str(value)), places):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, fraction = text.partition(".")
    whole = f"{int(whole):,}".replace(",", ".") if whole.lstrip("-").isdigit() else whole
    return f"{whole},{fraction}" if fraction else whole


def percent(value: object, places: int = 4) -> str:
    """Write a fraction as a percentage with a decimal comma: "0.015" -> "1,5%"."""
    return num(Decimal(str(value)) * 100, places) + "%"


def roman(number: int) -> str:
    """Write 1..39 in Roman numerals, for plan sections and cost parts."""
    tens, units = divmod(number, 10)
    ones = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
    return "X" * tens + ones[units]


def lines_of(text: str | None) -> list[str]:
    """The non-blank lines of a text area, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
