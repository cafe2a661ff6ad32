"""The metered sandbox: the loop guard, the template rewrite and the sandbox's hooks."""
from __future__ import annotations

from collections.abc import Iterator
from time import monotonic
from typing import Any, Callable

from jinja2 import Template, nodes, pass_eval_context
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from documents.render_limits.budget import (RenderLimitExceeded, active, check_value, peek,
                                            render_budget, size_of)
from documents.render_limits.sizes import binop_size, checked_call_args, guard_filter


def guard_loop(iterable: Any) -> Iterator[Any]:
    """Yield a loop's items, counting each against the budget and checking the deadline."""
    budget = active()
    limit, deadline = budget.limits.iterations, budget.deadline
    for item in iterable:
        budget.iterations += 1
        if budget.iterations > limit:
            raise RenderLimitExceeded("iterations", budget.limits)
        if monotonic() > deadline:
            raise RenderLimitExceeded("seconds", budget.limits)
        yield item


@pass_eval_context
def guard_concat(eval_ctx: Any, *values: Any) -> str:
    """The ``~`` operator, refused before it builds a string over the output limit."""
    check_value(sum(size_of(value) for value in values))
    result = (markup_join if eval_ctx.autoescape else str_join)(values)
    check_value(len(result))
    return result


def check_printed(value: Any) -> Any:
    """What ``{{ }}`` prints (Jinja's finalize): a container is measured before its repr is
    built, which could repeat one long string a million times."""
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        check_value(size_of(value))
    return value


def _guard_call(name: str, node: nodes.Node, *args: nodes.Expr) -> nodes.Call:
    # An environment attribute, not a global: a template cannot shadow it with {% set %}.
    call = nodes.Call(nodes.EnvironmentAttribute(name), list(args), [], None, None)
    return call.set_lineno(node.lineno)


class _Guard(NodeTransformer):
    """Route every loop's iterable and every ``~`` through the guards."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        node = self.generic_visit(node)
        node.iter = _guard_call("guard_loop", node, node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Call:
        node = self.generic_visit(node)
        return _guard_call("guard_concat", node, *node.nodes)

    def visit_Call(self, node: nodes.Call) -> nodes.Call:
        node = self.generic_visit(node)
        if isinstance(node.node, nodes.Name) and node.node.name == "loop" and node.args:
            node.args[0] = _guard_call("guard_loop", node, node.args[0])  # recursive loops
        return node


class LimitedTemplate(Template):
    """A template whose render opens a budget when none is open yet."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with render_budget():
            return super().render(*args, **kwargs)


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, metered by the render budget (see the module docstring)."""

    template_class = LimitedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard_loop, self.guard_concat = guard_loop, guard_concat
        self.finalize = check_printed
        self.globals.pop("lipsum", None)  # lipsum(n) writes n paragraphs of filler

    def guard_filters(self, extra: dict[str, Callable[..., int]] | None = None) -> None:
        """Wrap every filter so that none builds a value over the output limit."""
        self.filters = {name: guard_filter(name, func, extra or {})
                        for name, func in self.filters.items()}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = _Guard().visit(super()._parse(source, name, filename))
        tree.set_environment(self)
        return tree

    def concat(self, parts: Any) -> str:  # type: ignore[override]
        """Join output parts, counting characters against the budget as they come.

        The room is read once: a macro or block rendered while this output is produced
        checks its own output against the budget, then arrives here as one more part. No
        deadline check here: straight output between two loop items or calls is bounded
        by the template's size and by this limit."""
        budget = active()
        room = budget.limits.output_bytes - budget.output
        buffer: list[str] = []
        append = buffer.append
        size = 0
        for part in parts:
            append(part)
            size += len(part)
            if size > room:
                raise RenderLimitExceeded("output", budget.limits)
        budget.output += size
        return "".join(buffer)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        binop_size(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        active().check_time()
        args = checked_call_args(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        check_value(size_of(result))
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        if (budget := peek()) is not None:  # None while constant folding at compile
            budget.check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if (budget := peek()) is not None:
            budget.check_time()
        return super().getitem(obj, argument)
