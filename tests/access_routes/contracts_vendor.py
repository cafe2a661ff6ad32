"""Access-matrix rows (tests/test_access_matrix.py) for this part of the application."""
from tests.access_cases import A_EDIT, Case

ACTION = "POST /contracts/<int:contract_id>/lifecycle/<action>"


def _on_l(action: str):
    return lambda w: {"contract_id": w.active, "action": action}


ROUTES: dict[str, list[Case]] = {
    # added to that route's rows in tests/test_access_matrix.py: the vendor's side of the road
    ACTION: [
        Case(A_EDIT, _on_l("share")),
        Case(frozenset({"vendor_v"}), _on_l("confirm")),
        Case(frozenset({"vendor_v"}), _on_l("vendor_return")),
        Case(frozenset({"approver_a"}), _on_l("refuse")),
        Case(frozenset({"approver_a"}), _on_l("approver_return")),
    ],
}
