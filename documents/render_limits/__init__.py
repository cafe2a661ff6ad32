"""Time and size limits of one document render, enforced inside the rendering process.

A template is code written by a legal drafter: two nested loops of 100,000 stalled a worker
until gunicorn killed it, and a 187 KB template produced 37 MiB (issue 13, point 5). Each
render (an upload's trial render, a contract, an amendment, an acceptance form) gets a
`RenderBudget` in a context variable: loop iterations, characters produced and a deadline
(time.monotonic). The sandboxed environment (environment.py) spends it:

- every ``{% for %}`` iterable (and a recursive loop's ``loop(...)``) is wrapped, once, at
  compile time, in `guard_loop`, which counts items and checks the deadline on each;
- the environment's `concat`, which joins a template's output (and every macro, ``{% set %}``
  block and filter block), counts characters as they are produced;
- filters that read every item (sort, join, map, list...) or a text word by word (title,
  urlize, wordwrap...) and str.split charge what they walk to the loop budget first;
- sandbox calls, attribute and item lookups check the deadline (a macro calling itself);
- the operators that can multiply a value's size (``*``, ``**``, ``+``, ``%``, ``~``), the
  string methods and filters that pad, repeat or join (center, replace, join, indent...) are
  refused *before* they build a value larger than the output limit, and every call's result
  is measured after.

Why hand-written: no library meters a Jinja render. Killing a subprocess on a timeout (a
worker pool) would bound time but not memory before the kill, would cost a process hop and a
pickled context per document and a compiled-template cache per worker; signals (SIGALRM)
only work in the main thread, which gunicorn's threaded workers are not; sys.settrace slows
every render several times. Hooks of Jinja's own sandbox (call, getattr, call_binop,
intercepted_binops, concat, template_class) cost little on the shipped templates, and the
AST rewrite happens once per compiled template, so the compiled-template cache still holds.

Limits come from the app config when there is an application context (DOCUMENT_RENDER_SECONDS,
DOCUMENT_RENDER_MAX_ITERATIONS, DOCUMENT_MAX_OUTPUT_BYTES), else from the defaults of
budget.py. budget.py holds the budget and the refusal, sizes.py the estimates of what an
operation would build, environment.py the sandbox that spends the budget.
"""
from documents.render_limits.budget import (DEFAULT_ITERATIONS, DEFAULT_OUTPUT_BYTES,
                                            DEFAULT_SECONDS, Limits, RenderBudget,
                                            RenderLimitExceeded, current_limits, render_budget,
                                            size_label)
from documents.render_limits.environment import LimitedEnvironment, LimitedTemplate

__all__ = ["DEFAULT_ITERATIONS", "DEFAULT_OUTPUT_BYTES", "DEFAULT_SECONDS", "Limits",
           "LimitedEnvironment", "LimitedTemplate", "RenderBudget", "RenderLimitExceeded",
           "current_limits", "render_budget", "size_label"]
