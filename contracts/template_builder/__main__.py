"""``python -m contracts.template_builder`` writes the six templates."""

from contracts.template_builder import main

main()
