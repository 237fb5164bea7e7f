"""What stands for a page's view builder in ``ui.data.shared_view``'s cache key.

A page defines its builder anew on every run, so the function object cannot be the key; its
module, name and compiled code can. That key holds everything the builder reads only if the builder
reads nothing but its arguments and the loaders: a builder that captures a variable (from an
enclosing function, a default value, or a page-level variable holding data) would be served to other
people with another person's values, so it is refused when the page first runs.
"""

from __future__ import annotations

import dis
import hashlib
import inspect
import marshal
from collections.abc import Callable, Iterator
from types import CodeType

_READS_GLOBAL = {"LOAD_GLOBAL", "LOAD_NAME"}


class CapturedState(TypeError):
    """A view builder reads something its cache key cannot hold."""


def _globals_read(code: CodeType) -> Iterator[str]:
    """The global names ``code`` reads, nested code (comprehensions, lambdas, inner functions) included."""
    for instruction in dis.get_instructions(code):
        if instruction.opname in _READS_GLOBAL:
            yield instruction.argval
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            yield from _globals_read(constant)


def _is_code(value: object) -> bool:
    """A module, class or function: what a builder may call without its result depending on the caller."""
    return inspect.ismodule(value) or inspect.isclass(value) or inspect.isroutine(value)


def builder_key(build: Callable[..., object]) -> str:
    """``build``'s module, qualified name and a hash of its compiled code; ``CapturedState`` if it reads
    anything but its arguments, modules, classes and functions."""
    if getattr(build, "__closure__", None) or getattr(build, "__defaults__", None) or getattr(build, "__kwdefaults__", None):
        raise CapturedState(f"{build.__qualname__} captures values (from an enclosing function or defaults): "
                            "pass everything it depends on as arguments to shared_view")
    code = build.__code__
    for name in sorted(set(_globals_read(code))):
        value = build.__globals__.get(name, build.__globals__.get("__builtins__", {}))
        if name in build.__globals__ and not _is_code(value):
            raise CapturedState(f"{build.__qualname__} reads the page variable '{name}': pass it as an argument to "
                                "shared_view, so the cache key holds it")
    return f"{build.__module__}:{build.__qualname__}:{hashlib.sha256(marshal.dumps(code)).hexdigest()[:16]}"
