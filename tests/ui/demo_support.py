"""One `kiosk demo` walk per test session, shared by the tests that look at its screenshots (tests/ui/test_demo.py,
tests/ui/test_screen_layout.py): the walk takes the better part of a minute."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from devtools.ports import free_port
from tests.support.paths import SHIPPED_CONFIG
from ui.demo import run_demo
from ui.demo_run import DemoRun


@pytest.fixture(scope="session")
def demo_walk(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    """The demo, walked once: the shipped config with the hall on a free port, a fresh data dir and home."""
    root = tmp_path_factory.mktemp("demo-walk")
    config_dir = root / "config"
    shutil.copytree(SHIPPED_CONFIG, config_dir)
    config = config_dir / "kiosk.toml"
    config.write_text(config.read_text().replace("127.0.0.1:8700", f"127.0.0.1:{free_port()}"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KIOSK_CONFIG", str(config))
        patch.setenv("HOME", str(root / "home"))
        yield run_demo(config, root / "demo", data_dir=root / "data")
