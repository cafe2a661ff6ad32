"""What the acceptance pages are posted and answer, shared by the acceptance and OCDS tests."""


def accept_data(**changes) -> dict:
    data = {"levels-0-measured": "99,95%", "levels-0-met": "yes",
            "levels-1-measured": "30 giờ", "levels-1-met": "no",
            "deductions": "1500000", "deduction_reason": "Khôi phục chậm 06 giờ.",
            "accepted_on": "2026-12-05", "notes": "Bên B khắc phục đầy đủ."}
    data.update(changes)
    return data


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)
