"""The repository stands alone: every protocol and domain citation points at the repository's own docs, and every
relative link in the README and docs/ leads to a file (and heading) that exists."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The reference texts the code once cited by bare name. Built from parts so this file does not cite them itself.
CITED = ("PROTOCOLS", "DOMAIN", "ARCHITECTURE", "STYLE")
_CITATION = re.compile(r"(?<![\w-])((?:[\w.-]+/)*)(" + "|".join(CITED) + r")\.md\b", re.IGNORECASE)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<img\s[^>]*\bsrc=\"([^\"]+)\"")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def outside_citations(path: str, text: str) -> list[str]:
    """Each citation in ``text`` (the file at repo path ``path``) of a reference text that is not the repository's
    own ``docs/<name>.md``: a bare or upper-case name, or a lower-case name that does not resolve inside docs/."""
    found = []
    for match in _CITATION.finditer(text):
        folders, name = match.group(1), match.group(2)
        own = name == name.lower() and (folders.endswith("docs/") or (not folders and path.startswith("docs/")))
        if not own:
            found.append(match.group(0))
    return found


def _tracked_files() -> list[str]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: nothing tracked to check")
    return [name for name in listed.stdout.decode().split("\0") if name]


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: the text as rendered, lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its text
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """Every heading anchor of a Markdown page; a repeated heading gets -1, -2 … as on GitHub."""
    seen: dict[str, int] = {}
    result = set()
    for heading in _HEADING.findall(_FENCE.sub("", markdown)):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return result


def broken_links(page: Path) -> list[str]:
    """Each relative link on ``page`` whose file does not exist, or whose anchor names no heading of a .md page."""
    text = _CODE_SPAN.sub("", _FENCE.sub("", page.read_text(encoding="utf-8")))
    broken = []
    for match in _LINK.finditer(text):
        target = match.group(1) or match.group(2)
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            continue  # http:, https:, mailto: … are not files of the repository
        file_part, _, anchor = target.partition("#")
        destination = (page.parent / file_part).resolve() if file_part else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in anchors(destination.read_text(encoding="utf-8")):
            broken.append(f"{target}: no such heading")
    return broken


def _pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


# --- the repository as it is ---


def test_no_tracked_file_cites_a_reference_text_outside_the_repository() -> None:
    offenders = []
    for name in _tracked_files():
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the work tree, not yet committed
        text = path.read_bytes().decode("utf-8", errors="ignore")
        offenders += [f"{name}: {citation}" for citation in outside_citations(name, text)]
    assert offenders == []


def test_the_protocol_and_domain_pages_exist() -> None:
    for name in CITED[:2]:
        assert (ROOT / "docs" / f"{name.lower()}.md").is_file()


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page: Path) -> None:
    assert broken_links(page) == []


# --- the checkers themselves: they catch what they are for ---

_P, _D, _A, _S = (f"{name}.md" for name in CITED)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("drivers/pads/protocol.py", f'"""The register map ({_P} section 4)."""'),
        ("hall/ordering.py", f"# {_D} calling order: green channel first"),
        ("docs/architecture.md", f"The shared picture is in the project's {_A}."),
        ("docs/development.md", f"Follow {_S}."),
        ("tests/test_x.py", f"see docs/{_P} §1"),  # in docs/, but not the lower-case page
        ("drivers/escpos/commands.py", f"see {_P.lower()} §3"),  # lower case, but not under docs/
        ("README.md", f"[the rules]({_D.lower()})"),  # from the root a bare name is not docs/
        ("kiosk/x.py", f"see ../shared/{_P.lower()}"),
    ],
)
def test_a_citation_outside_the_repository_is_caught(path: str, text: str) -> None:
    assert outside_citations(path, text) != []


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("drivers/pads/protocol.py", f"The register map (docs/{_P.lower()} §4)."),
        ("hall/ordering.py", f"# docs/{_D.lower()} §2: the calling order"),
        ("docs/idcard.md", f"[{_P.lower()} §1]({_P.lower()}#1-resident-id-card-reader-ga-467)"),
        ("README.md", f"[docs/{_D.lower()}](docs/{_D.lower()})"),
        ("hall/appointments.py", "APPOINTMENT_PREFIX = 'Y'  # no citation at all"),
    ],
)
def test_a_citation_of_the_repository_docs_passes(path: str, text: str) -> None:
    assert outside_citations(path, text) == []


def test_a_link_to_a_missing_file_or_heading_is_caught(tmp_path: Path) -> None:
    (tmp_path / "target.md").write_text("# Target\n\n## 4. Evaluation pad bus (Modbus RTU)\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](target.md) [ok](target.md#4-evaluation-pad-bus-modbus-rtu) [web](https://example.org/x.md)\n"
        "[gone](missing.md) [no heading](target.md#5-window-displays) ![no image](images/none.png)\n"
        "```\n[in code](not-checked.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "missing.md: no such file",
        "target.md#5-window-displays: no such heading",
        "images/none.png: no such file",
    ]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("1. Resident ID card reader (GA 467)", "1-resident-id-card-reader-ga-467"),
        ("6. CRC-16/MODBUS", "6-crc-16modbus"),
        ("Appointments (预约)", "appointments-预约"),
        ("The driver (`drivers/idcard/reader.py`)", "the-driver-driversidcardreaderpy"),
    ],
)
def test_anchors_are_made_as_github_makes_them(heading: str, anchor: str) -> None:
    assert anchor in anchors(f"# Page\n\n## {heading}\n")


_TEST_CITATION = re.compile(r"(tests/[\w/]+\.py)?::(test_\w+)")


def missing_tests(text: str) -> list[str]:
    """Each ``tests/x.py::test_name`` cited in ``text`` (``::test_name`` alone: in the file cited last) whose file
    does not define that test."""
    missing, file = [], None
    for match in _TEST_CITATION.finditer(text):
        file = match.group(1) or file
        if file is None:
            continue
        path = ROOT / file
        source = path.read_text(encoding="utf-8") if path.is_file() else ""
        if not re.search(rf"^(?:async )?def {match.group(2)}\(", source, re.MULTILINE):
            missing.append(f"{file}::{match.group(2)}")
    return missing


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_test_a_page_cites_exists(page: Path) -> None:
    assert missing_tests(page.read_text(encoding="utf-8")) == []


def test_a_citation_of_a_missing_test_is_caught() -> None:
    text = "`tests/test_docs.py::test_every_test_a_page_cites_exists`, `::test_gone`; `tests/none.py::test_x`"
    assert missing_tests(text) == ["tests/test_docs.py::test_gone", "tests/none.py::test_x"]
