"""deploy/udev/99-kiosk.rules is well-formed udev syntax (udev(7)), gives each device a stable /dev/kiosk-* name
for the kiosk's group, and those names are the ones the config examples of docs/deploy.md use."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

import pytest

from devices.url import (
    DISPLAY_SCHEMES,
    PAD_SCHEMES,
    PRINTER_SCHEMES,
    READER_SCHEMES,
    SCANNER_SCHEMES,
    parse_device_url,
)
from tests.deploy.udev_syntax import Rule, RuleError, parse_file, parse_rules
from tests.support.paths import REPO

RULES = REPO / "deploy" / "udev" / "99-kiosk.rules"
GUIDE = REPO / "docs" / "deploy.md"
TOML_BLOCK = re.compile(r"^```toml\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Where each device's URL sits in the configs, and the schemes its driver takes.
DEVICE_KEYS = {
    ("devices", "printer"): PRINTER_SCHEMES,
    ("devices", "id_reader"): READER_SCHEMES,
    ("devices", "scanner"): SCANNER_SCHEMES,
    ("pads",): PAD_SCHEMES,
    ("displays",): DISPLAY_SCHEMES,
}


def rules() -> list[Rule]:
    return parse_file(RULES)


def named(rule: Rule) -> list[str]:
    return [name for value in rule.all("SYMLINK") for name in value.split()]


def example_urls() -> list[tuple[str, str]]:
    """Each device URL the guide's config examples give, with where it sits."""
    found = []
    for block in TOML_BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        config = tomllib.loads(block)
        for keys, _schemes in DEVICE_KEYS.items():
            table = config
            for key in keys:
                table = table.get(key, {})
            if "url" in table:
                found.append((".".join(keys), table["url"]))
    return found


def test_every_line_is_well_formed_udev_syntax() -> None:
    parsed = rules()
    assert len(parsed) >= 6
    for rule in parsed:
        keys = {pair.key for pair in rule.pairs}
        assert "SUBSYSTEM" in keys, f"line {rule.line}: match the subsystem, or a parent device matches too"
        for pair in rule.pairs:
            if pair.attr in {"idVendor", "idProduct"}:
                assert re.fullmatch(r"[0-9a-f]{4}", pair.value), f"line {rule.line}: {pair.attr} is 4 hex digits"


def test_each_device_gets_one_stable_name_for_the_kiosk_group() -> None:
    names = []
    for rule in rules():
        assert rule.get("GROUP") == "kiosk", rule.line
        assert rule.get("MODE") == "0660", rule.line
        assert [p.op for p in rule.pairs if p.key == "SYMLINK"] == ["+="], f"line {rule.line}: add to, never replace"
        names += named(rule)
    assert all(re.fullmatch(r"kiosk-[a-z]+(-[a-z0-9]+)?", name) for name in names), names
    assert len(names) == len(set(names)), "two rules give the same name"
    assert {"kiosk-printer", "kiosk-idcard", "kiosk-scanner", "kiosk-ticketer", "kiosk-pads-1"} <= set(names)


def test_two_adapters_of_one_chip_are_told_apart() -> None:
    seen: dict[tuple[str | None, str | None], list[Rule]] = {}
    for rule in rules():
        seen.setdefault((rule.get("ATTRS", "idVendor"), rule.get("ATTRS", "idProduct")), []).append(rule)
    for (vendor, product), same in seen.items():
        if vendor is not None and len(same) > 1:
            tell = [(r.get("ATTRS", "serial"), r.get("KERNELS")) for r in same]
            assert len(set(tell)) == len(tell) and all(any(t) for t in tell), f"{vendor}:{product}: {tell}"


def test_the_guides_config_examples_use_these_names_and_valid_urls() -> None:
    urls = example_urls()
    assert {where for where, _url in urls} == {".".join(keys) for keys in DEVICE_KEYS}
    names = {name for rule in rules() for name in named(rule)}
    for where, url in urls:
        parsed = parse_device_url(url, DEVICE_KEYS[tuple(where.split("."))])
        assert parsed.path.removeprefix("/dev/") in names, f"{where}: {url} names no device of the rules"


def test_the_usb_printer_url_of_the_guide_matches_its_rule() -> None:
    urls = set(re.findall(r"usb://0x[0-9a-f]{4}:0x[0-9a-f]{4}", GUIDE.read_text(encoding="utf-8")))
    assert urls
    usb_rules = {
        (r.get("ATTR", "idVendor"), r.get("ATTR", "idProduct")) for r in rules() if r.get("SUBSYSTEM") == "usb"
    }
    for url in urls:
        vendor, product = parse_device_url(url, PRINTER_SCHEMES).usb_ids
        assert (f"{vendor:04x}", f"{product:04x}") in usb_rules, url


@pytest.mark.parametrize(
    ("line", "fault"),
    [
        ('SUBSYSTEM=="tty", GROUP=="kiosk"', "only assigns"),
        ('SUBSYSTEM="tty", SYMLINK+="kiosk-x"', "only matches"),  # = for == : the rule would name every device
        ('SUBSYSTEM=="tty", ATTRS{idVendor}="0403", SYMLINK+="kiosk-x"', "only matches"),
        ("SUBSYSTEM=='tty', SYMLINK+=\"kiosk-x\"", "not KEY"),
        ('SUBSYSTEM=="tty", SYMLNK+="kiosk-x"', "unknown key"),
        ('SUBSYSTEM=="tty", ATTRS=="0403", SYMLINK+="kiosk-x"', "needs"),
        ('SUBSYSTEM=="tty", ATTRS{idVendor}=="0403"', "one match and one assignment"),
        ('SUBSYSTEM=="tty", \\', "continuation"),
    ],
)
def test_the_parser_refuses_what_udev_would_skip_or_misread(line: str, fault: str) -> None:
    with pytest.raises(RuleError, match=fault):
        parse_rules(line)


def test_a_rule_may_continue_on_the_next_line() -> None:
    (rule,) = parse_rules('SUBSYSTEM=="tty", \\\n  SYMLINK+="kiosk-x", GROUP="kiosk"\n# a comment\n')
    assert rule.get("GROUP") == "kiosk"


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("udevadm") is None, reason="udevadm is not installed")
def test_udevadm_reads_the_rules_without_complaint() -> None:
    udevadm = shutil.which("udevadm")
    assert udevadm is not None
    result = subprocess.run([udevadm, "verify", str(RULES)], capture_output=True, text=True, timeout=60, check=False)
    if "Unknown command" in result.stderr or "unrecognized" in result.stderr:
        pytest.skip("this udevadm has no verify command (systemd < 254)")
    assert result.returncode == 0, result.stdout + result.stderr
