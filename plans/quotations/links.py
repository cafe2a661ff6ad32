"""The paths of a request's pages that notices and queue items carry (a notice is also made
outside requests: the demo, the CLI, so url_for cannot be relied on there)."""
from plans import bp


def show_link(request_id: int) -> str:
    """The agency's page of a request (plans.quotation_show)."""
    return f"{bp.url_prefix}/quotations/{request_id}"


def answer_link(request_id: int) -> str:
    """The invited vendor's answer page (plans.quotation_answer)."""
    return f"{bp.url_prefix}/quotations/{request_id}/answer"
