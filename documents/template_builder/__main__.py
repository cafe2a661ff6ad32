"""``python -m documents.template_builder`` writes every template (three packs × each kind)."""

from documents.template_builder import main

main()
