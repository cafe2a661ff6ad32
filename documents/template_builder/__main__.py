"""``python -m documents.template_builder`` writes the six templates."""

from documents.template_builder import main

main()
