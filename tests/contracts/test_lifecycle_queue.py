"""What the contracts' lifecycle puts in each role's work queue ("Việc cần làm"): the contracts
and amendments waiting for legal review, sharing, the vendor's confirmation, approval, and
the drafts returned with comments, each linking to its page."""
from datetime import date

from flask import current_app

from accounts import work
from contracts.services import amendments, lifecycle
from extensions import db
from tests.contracts.lifecycle_helpers import advance, switch
from tests.helpers import text


def items(user, key: str) -> list[work.WorkItem]:
    """The user's items of one section (none when the section is empty or not theirs), as
    the queue page reads them (within a request: links are paths)."""
    with current_app.test_request_context():
        queue = work.work_for(user)
    return next((found for section, found in queue.sections if section.key == key), [])


def step(move) -> None:
    move()
    db.session.commit()


def test_each_role_finds_the_contract_waiting_for_its_move(client, login, people, contract):
    link = f"/contracts/{contract.id}"
    advance(contract, people, "review")
    for legal in (people.legal, people.operator_legal):
        [item] = items(legal, "contracts.legal_review")
        assert (item.title, item.link) == (contract.display_title, link) and item.since
    assert items(people.outsider_legal, "contracts.legal_review") == []
    step(lambda: lifecycle.clear_legally(contract, actor=people.legal))
    assert items(people.legal, "contracts.legal_review") == []
    assert [i.link for i in items(people.staff, "contracts.to_share")] == [link]
    step(lambda: lifecycle.share(contract, actor=people.staff))
    assert items(people.staff, "contracts.to_share") == []
    assert [i.link for i in items(people.vendor, "contracts.vendor_confirmation")] == [link]
    step(lambda: lifecycle.confirm(contract, actor=people.vendor))
    assert items(people.vendor, "contracts.vendor_confirmation") == []
    assert [i.link for i in items(people.approver, "contracts.approval")] == [link]
    step(lambda: lifecycle.approve(contract, actor=people.approver))
    assert items(people.approver, "contracts.approval") == []


def test_a_returned_draft_waits_for_the_agency_with_the_comment(client, login, people,
                                                                contract):
    advance(contract, people, "shared")
    lifecycle.vendor_return(contract, "Sửa Điều 9.", actor=people.vendor)
    db.session.commit()
    [item] = items(people.staff, "contracts.returned")
    assert item.link == f"/contracts/{contract.id}"
    assert item.note == f"Trả lại kèm ý kiến ({people.vendor.name}): Sửa Điều 9."
    assert items(people.vendor, "contracts.vendor_confirmation") == []
    client.post(f"/contracts/{contract.id}/generate")  # nobody logged in: nothing changes
    login(people.staff)
    page = text(client.get("/accounts/work"))
    assert "Dự thảo bị trả lại kèm ý kiến" in page and "Sửa Điều 9." in page
    assert f'href="/contracts/{contract.id}"' in page


def test_an_amendment_waiting_for_legal_review_links_to_its_page(client, login, people,
                                                                 signed):
    amendment = amendments.start_amendment(signed, actor=people.staff, today=date(2026, 11, 21))
    terms = amendments.current_terms(signed)
    terms["special_clauses"] = "Bên B bố trí thêm một kỹ sư trực hỗ trợ."
    amendments.save_amendment(amendment, {"reason": "Hỗ trợ.", "place": "Hà Nội",
                                          "amendment_date": date(2026, 11, 21), **terms},
                              actor=people.staff)
    amendments.generate_amendment_document(amendment, actor=people.staff)
    db.session.commit()
    lifecycle.submit(signed, actor=people.staff, amendment=amendment)
    db.session.commit()
    [item] = items(people.legal, "contracts.legal_review")
    assert item.link == f"/contracts/{signed.id}/amendments/1"
    assert item.title == f"Phụ lục số 01 – {signed.number}"
    login(people.legal)
    page = text(client.get("/accounts/work"))
    assert "Hợp đồng, phụ lục chờ rà soát pháp lý" in page and "Phụ lục số 01" in page


def test_the_operators_legal_drafter_lists_every_contract_sent_for_review(
        client, login, people, contract):
    login(people.operator_legal)
    assert "Chưa có hợp đồng nào" in text(client.get("/contracts/"))  # a draft never sent
    advance(contract, people, "review")
    switch(client, login, people.operator_legal)
    page = client.get("/contracts/").get_data(as_text=True)
    assert f'href="/contracts/{contract.id}"' in page
