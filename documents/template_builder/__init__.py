"""Build the first version of the Word templates (three packs × plan, contract, acceptance 1-5,
amendment, the annex of quotations).

Run ``python -m documents.template_builder`` to (re)write templates/docx/<pack>/<kind>.docx.
Legal drafters take over from there: they edit the generated files in Word and upload new
versions, which documents.template_check.validate_template checks.
"""

from __future__ import annotations

from pathlib import Path

from documents.engine import KINDS, TEMPLATE_ROOT
from documents.template_builder import kit
from documents.template_builder.acceptance import ACCEPTANCE_KINDS, build_acceptance
from documents.template_builder.amendment import build_amendment
from documents.template_builder.contract import build_contract
from documents.template_builder.plan import build_plan
from documents.template_builder.quotations import build_quotations

PACKS = ("qd80-2014", "nd73-2019", "nd224-2026")
TEMPLATE_VERSION = 1


def build_template(pack: str, kind: str, version: int = TEMPLATE_VERSION) -> bytes:
    """The .docx bytes of one template."""
    if pack not in PACKS or kind not in KINDS:
        raise ValueError(f"Không có mẫu {pack}/{kind}.")
    if kind in ACCEPTANCE_KINDS:  # forms 1-5, see template_builder/acceptance.py
        return kit.to_bytes(build_acceptance(pack, kind, version))
    if kind == "amendment":  # phụ lục hợp đồng, see template_builder/amendment.py
        return kit.to_bytes(build_amendment(pack, version))
    if kind == "quotations":  # bảng tổng hợp báo giá, see template_builder/quotations.py
        return kit.to_bytes(build_quotations(pack, version))
    builder = build_plan if kind == "plan" else build_contract
    return kit.to_bytes(builder(pack, version))


def write_all(root: Path = TEMPLATE_ROOT) -> list[Path]:
    """Write every template under root and return their paths."""
    written = []
    for pack in PACKS:
        for kind in KINDS:
            path = root / pack / f"{kind}.docx"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(build_template(pack, kind))
            written.append(path)
    return written


def main() -> None:
    """Command-line entry point: write the templates and list them."""
    for path in write_all():
        print(path)
