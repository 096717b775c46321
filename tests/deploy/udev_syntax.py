"""A parser of udev rule files, strict where udev is lenient: udev skips a malformed key with a log line, and the
device then silently has no name. udevadm is not on every build machine; this follows udev(7)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# udev(7): keys that only match, keys that only assign, keys that do either; {…} keys take an attribute.
MATCH_ONLY = {"ACTION", "DEVPATH", "KERNEL", "KERNELS", "SUBSYSTEM", "SUBSYSTEMS", "DRIVER", "DRIVERS", "TAGS",
              "PROGRAM", "RESULT"}  # fmt: skip
MATCH_ONLY_ATTR = {"ATTRS", "TEST", "CONST"}
ASSIGN_ONLY = {"OWNER", "GROUP", "MODE", "LABEL", "GOTO", "OPTIONS"}
ASSIGN_ONLY_ATTR = {"RUN", "IMPORT", "SECLABEL"}
EITHER = {"NAME", "SYMLINK", "TAG"}
EITHER_ATTR = {"ATTR", "ENV", "SYSCTL"}
MATCH_OPS = {"==", "!="}
ASSIGN_OPS = {"=", "+=", "-=", ":="}

PAIR = re.compile(r'(?P<key>[A-Z_]+)(?:\{(?P<attr>[A-Za-z0-9_.:/-]+)\})?(?P<op>==|!=|\+=|-=|:=|=)"(?P<value>[^"]*)"')
SEPARATOR = re.compile(r"\s*,\s*")


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class Pair:
    key: str
    attr: str | None
    op: str
    value: str

    @property
    def matches(self) -> bool:
        return self.op in MATCH_OPS


@dataclass(frozen=True)
class Rule:
    line: int
    pairs: tuple[Pair, ...]

    def get(self, key: str, attr: str | None = None) -> str | None:
        return next((p.value for p in self.pairs if p.key == key and p.attr == attr), None)

    def all(self, key: str) -> list[str]:
        return [p.value for p in self.pairs if p.key == key]


def parse_pair(text: str, where: str) -> Pair:
    found = PAIR.fullmatch(text)
    if found is None:
        raise RuleError(f'{where}: not KEY[{{attr}}]OP"value": {text!r}')
    pair = Pair(found["key"], found["attr"], found["op"], found["value"])
    takes_attr = MATCH_ONLY_ATTR | ASSIGN_ONLY_ATTR | EITHER_ATTR
    if pair.key not in takes_attr | MATCH_ONLY | ASSIGN_ONLY | EITHER:
        raise RuleError(f"{where}: unknown key {pair.key}")
    if (pair.attr is not None) != (pair.key in takes_attr):
        raise RuleError(f"{where}: {pair.key} {'needs' if pair.attr is None else 'takes no'} {{attribute}}")
    if pair.key in MATCH_ONLY | MATCH_ONLY_ATTR and not pair.matches:
        raise RuleError(f"{where}: {pair.key} only matches (== or !=), got {pair.op}")
    if pair.key in ASSIGN_ONLY | ASSIGN_ONLY_ATTR and pair.matches:
        raise RuleError(f"{where}: {pair.key} only assigns (= += -= :=), got {pair.op}")
    return pair


def parse_rules(text: str, name: str = "rules") -> list[Rule]:
    """Every rule of a rules file; RuleError naming the line for anything udev would skip or misread."""
    rules: list[Rule] = []
    pending, first = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if not pending:
            first = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        whole, pending = (pending + line).strip(), ""
        where = f"{name}:{first}"
        pairs = tuple(parse_pair(part, where) for part in SEPARATOR.split(whole.rstrip(",")))
        if not any(p.matches for p in pairs) or all(p.matches for p in pairs):
            raise RuleError(f"{where}: a rule needs at least one match and one assignment")
        rules.append(Rule(first, pairs))
    if pending:
        raise RuleError(f"{name}: the last line ends in a continuation")
    return rules


def parse_file(path: Path) -> list[Rule]:
    return parse_rules(path.read_text(encoding="utf-8"), path.name)
