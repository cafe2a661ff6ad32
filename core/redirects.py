"""Permanent redirects from URLs that moved to another package (docs/architecture.md).

Each package that took over pages declares its old URLs next to its blueprint; the rules are
added to the application when the blueprint is registered, so app.py only registers blueprints.
An old URL that took a POST answers 308 (the browser repeats the POST with its form); one that
only showed a page answers 301. The query string is kept.
"""
import re
from functools import partial
from typing import NamedTuple

from flask import Blueprint, redirect, request, url_for


class Moved(NamedTuple):
    """An old URL rule, the endpoint now answering it, and whether the old URL took a POST."""

    rule: str
    endpoint: str
    took_post: bool = False


def _follow(endpoint: str, code: int, **values):
    target = url_for(endpoint, **values)
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, code)


def permanent_redirects(bp: Blueprint, moves: list[Moved]) -> None:
    """Answer each old rule with a permanent redirect once `bp` is registered."""

    @bp.record_once
    def add_rules(state) -> None:
        for move in moves:
            name = "moved" + re.sub(r"\W+", "_", move.rule)
            view = partial(_follow, move.endpoint, 308 if move.took_post else 301)
            view.__name__ = name  # type: ignore[attr-defined]
            state.app.add_url_rule(move.rule, endpoint=name, view_func=view,
                                   methods=["GET", "POST"] if move.took_post else ["GET"])
