"""Configuration: TOML files validated into pydantic models, with paths resolved from the environment."""

from common.settings.loader import (
    ConfigKind,
    default_config_path,
    load_config,
    load_hall_config,
    load_kiosk_config,
)
from common.settings.models import HallConfig, KioskConfig
from common.settings.paths import ensure_writable_dir, open_private, private_dir, private_sqlite_file, resolve_data_dir

__all__ = [
    "ConfigKind",
    "HallConfig",
    "KioskConfig",
    "default_config_path",
    "ensure_writable_dir",
    "load_config",
    "load_hall_config",
    "load_kiosk_config",
    "open_private",
    "private_dir",
    "private_sqlite_file",
    "resolve_data_dir",
]
