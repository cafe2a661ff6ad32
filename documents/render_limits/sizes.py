"""What an operation of a template would build or walk, checked before it runs.

Filters and str methods that pad, repeat, join or replace are estimated from their arguments;
filters that read every item of their input charge those items to the loop budget.
"""
from __future__ import annotations

import re
from functools import wraps
from typing import Any, Callable

from jinja2 import Undefined

from documents.render_limits.budget import (REFERENCE, RenderLimitExceeded, charge,
                                            check_value, current_limits, size_of)

MAX_INT_BITS = 65_536  # money needs 50 bits; 2 ** 10 ** 9 would take minutes

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")


def _format_size(template: Any, args: tuple, kwargs: dict) -> int:
    """An upper bound of what a %-format or str.format string makes: itself, the padding it
    asks for and its arguments."""
    if not isinstance(template, str):
        return 0
    widths = [int(d) for spec in _PERCENT_SPEC.findall(template) for d in spec if d.isdigit()]
    widths += [int(d) for spec in _BRACE_SPEC.findall(template) for d in re.findall(r"\d+", spec)]
    values = [*(args[0] if len(args) == 1 and isinstance(args[0], tuple) else args),
              *kwargs.values()]
    if "*" in template or re.search(r"\{[^{}]*:[^{}]*\{", template):
        widths += [v for v in values if isinstance(v, int)]
    return len(template) + sum(widths) + sum(size_of(v) for v in values)


def _replace_size(text: Any, old: Any = "", new: Any = "", count: Any = None) -> int:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return 0
    times = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * max(len(new) - len(old), 0)


def _join_size(separator: Any, items: list) -> int:
    return len(separator) * len(items) + sum(size_of(item) for item in items)


def _width(value: Any) -> int:
    return value if isinstance(value, int) else len(value) if isinstance(value, str) else 0


def _lines_of(text: Any) -> int:
    return str(text).count("\n") + 1


# name -> size(subject, *args, **kwargs): a filter's value or a str method's string.
FILTER_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda value, width=80: max(size_of(str(value)), _width(width)),
    "indent": lambda s, width=4, *a, **k: size_of(str(s)) + _lines_of(s) * _width(width),
    "replace": lambda s, old, new, count=None: _replace_size(str(s), old, new, count),
    "format": lambda value, *args, **kwargs: _format_size(value, args, kwargs),
    "join": lambda value, d="", attribute=None: _join_size(str(d), value),
    "wordwrap": lambda s, width=79, b=True, wrapstring=None, *a, **k: len(str(s)) + (
        len(str(s)) // max(_width(width), 1) + 1) * len(wrapstring or "\n"),
    "batch": lambda value, linecount, fill_with=None: _width(linecount) * REFERENCE,
    "slice": lambda value, slices, fill_with=None: _width(slices) * REFERENCE,
    "sum": lambda value, attribute=None, start=0: size_of(start) + sum(size_of(v) for v in value),
}
# Filters that print a whole value (a list's repr takes about its items' size).
_PRINTS = ("string", "pprint", "tojson", "safe", "escape", "e", "forceescape", "xmlattr")
FILTER_SIZES.update(dict.fromkeys(_PRINTS, lambda value, *a, **k: size_of(value)))
METHOD_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda s, width, *a: _width(width),
    "ljust": lambda s, width, *a: _width(width),
    "rjust": lambda s, width, *a: _width(width),
    "zfill": lambda s, width: _width(width),
    "expandtabs": lambda s, tabsize=8: len(s) + s.count("\t") * _width(tabsize),
    "replace": lambda s, old, new, count=-1: _replace_size(s, old, new, count),
    "join": lambda s, items: _join_size(s, items),
    "format": lambda s, *args, **kwargs: _format_size(s, args, kwargs),
    "format_map": lambda s, mapping: _format_size(s, (), dict(mapping)),
    "translate": lambda s, table: len(s) * max(
        [size_of(v) for v in table.values()] + [1]) if isinstance(table, dict) else 0,
}
_CONTAINERS = (str, bytes, list, tuple, dict, set, frozenset, range)
# Filters that read their whole input, which is read into a list first when it is lazy (a
# generator is read only once), and filters that walk every item: each item costs one
# iteration of the loop budget, charged before the filter runs.
_MATERIALIZE = frozenset({"join", "sum", "sort", "unique", "list", "dictsort", "groupby",
                          "min", "max", "batch", "slice"})
_WALKS = _MATERIALIZE | {"map", "select", "reject", "selectattr", "rejectattr", "items",
                         "pprint"}
# Text filters written in Python (a regular expression or a loop per word) cost about as much
# per 8 characters as a loop iteration: on 17 MB urlize takes 13 s, title 4 s (sort 40 s).
_TEXT_WALKS = frozenset({"urlize", "title", "wordwrap", "wordcount", "striptags", "urlencode"})
_SPLITS = frozenset({"split", "rsplit", "splitlines"})


def _pieces(text: str | bytes, separator: Any = None, *_args: Any) -> int:
    """At most how many pieces a split makes (whitespace counted cheaply)."""
    if isinstance(separator, type(text)) and separator:
        return text.count(separator) + 1
    space, newline, tab = ((" ", "\n", "\t") if isinstance(text, str) else (b" ", b"\n", b"\t"))
    return text.count(space) + text.count(newline) + text.count(tab) + 1


def guard_filter(name: str, func: Callable, extra: dict[str, Callable[..., int]]) -> Callable:
    """A filter that spends the loop budget for what it walks and refuses to build a value
    over the output limit."""
    estimate = extra.get(name) or FILTER_SIZES.get(name)
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
    walks, text_walks = name in _WALKS, name in _TEXT_WALKS

    @wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if len(args) > skip:
            value = args[skip]
            if name in _MATERIALIZE and not isinstance(value, (*_CONTAINERS, Undefined)):
                value = list(value)
                args = (*args[:skip], value, *args[skip + 1:])
            if walks and isinstance(value, _CONTAINERS):
                charge(len(value))
            elif text_walks and isinstance(value, str):
                charge(len(value) // 8)
            if estimate is not None:
                try:
                    size = estimate(*args[skip:], **kwargs)
                except (TypeError, ValueError):
                    size = 0  # wrong arguments: the filter itself says so
                check_value(size)
        result = func(*args, **kwargs)
        check_value(size_of(result))
        return result

    return guarded


def checked_call_args(obj: Any, args: tuple, kwargs: dict) -> tuple:
    """Refuse a str or bytes method call that would build a value over the limit, and charge
    a split's pieces to the loop budget."""
    subject = getattr(getattr(obj, "__wrapped__", obj), "__self__", None)
    if not isinstance(subject, (str, bytes)):
        return args
    name = getattr(obj, "__name__", "")
    if name in _SPLITS:
        charge(_pieces(subject, *args, *kwargs.values()))
    elif name in METHOD_SIZES:
        if name == "join" and len(args) == 1 and not isinstance(args[0], (list, tuple)):
            args = (list(args[0]),)
        try:
            size = METHOD_SIZES[name](subject, *args, **kwargs)
        except (TypeError, ValueError):
            size = 0
        check_value(size)
    return args


def binop_size(operator: str, left: Any, right: Any) -> None:
    """Refuse ``*``, ``**``, ``+`` and ``%`` results over the limits before computing them."""
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "**" and ints and right > 0:
        bits = max(abs(left).bit_length(), 1) * right
    elif operator == "*" and ints:
        bits = abs(left).bit_length() + abs(right).bit_length()
    else:
        bits = 0
    if bits > MAX_INT_BITS:
        raise RenderLimitExceeded("output", current_limits(),
                                  "một phép tính trong mẫu tạo ra số quá lớn")
    if operator == "*":
        if isinstance(right, int) and size_of(left):
            check_value(size_of(left) * right)
        elif isinstance(left, int) and size_of(right):
            check_value(size_of(right) * left)
    elif operator == "+":
        check_value(size_of(left) + size_of(right))
    elif operator == "%":
        check_value(_format_size(left, right if isinstance(right, tuple) else (right,), {}))
