"""Reading a config file and turning every problem into one line: file, key path, what is allowed."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import types
import typing
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from common.errors import ConfigError
from common.settings.hall_devices import HallDevicesConfig
from common.settings.models import HallConfig, KioskConfig
from common.settings.paths import ENV_CONFIG, shipped_config_dir


class ConfigKind(StrEnum):
    KIOSK = "kiosk"
    HALL = "hall"
    HALL_DEVICES = "hall-devices"


Model = TypeVar("Model", bound=BaseModel)


def default_config_path(kind: ConfigKind = ConfigKind.KIOSK) -> Path:
    """KIOSK_CONFIG for a kiosk, else the shipped config/<kind>.toml."""
    from_env = os.environ.get(ENV_CONFIG, "").strip()
    if kind is ConfigKind.KIOSK and from_env:
        return Path(from_env).expanduser()
    return shipped_config_dir() / f"{kind.value}.toml"


def guess_kind(path: Path) -> ConfigKind:
    """hall-devices*.toml is the hall device controller's, other hall*.toml a hall config; anything else a kiosk's."""
    if path.name.startswith("hall-devices"):
        return ConfigKind.HALL_DEVICES
    return ConfigKind.HALL if path.name.startswith("hall") else ConfigKind.KIOSK


def load_kiosk_config(path: Path | None = None) -> KioskConfig:
    return _load(path or default_config_path(ConfigKind.KIOSK), KioskConfig)


def load_hall_config(path: Path | None = None) -> HallConfig:
    return _load(path or default_config_path(ConfigKind.HALL), HallConfig)


def load_hall_devices_config(path: Path | None = None) -> HallDevicesConfig:
    return _load(path or default_config_path(ConfigKind.HALL_DEVICES), HallDevicesConfig)


def load_config(path: Path, kind: ConfigKind | None = None) -> KioskConfig | HallConfig | HallDevicesConfig:
    if (kind or guess_kind(path)) is ConfigKind.HALL_DEVICES:
        return load_hall_devices_config(path)
    if (kind or guess_kind(path)) is ConfigKind.HALL:
        return load_hall_config(path)
    return load_kiosk_config(path)


def _load(path: Path, model: type[Model]) -> Model:
    data = _read_toml(path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [_describe(path, model, detail) for detail in error.errors(include_url=False)]
        raise ConfigError(problems[0], details=problems) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: 找不到配置文件 / config file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: 这是目录，不是配置文件 / is a directory, not a config file") from None
    except OSError as error:
        raise ConfigError(f"{path}: 无法读取配置文件 / cannot read config file ({error.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}: 第 {line} 行不是 UTF-8 文本 / config file is not UTF-8 text (line {line}, byte {error.start}); "
            "save it as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"at line (\d+)", str(error))
        line = int(at.group(1)) if at else len(text.splitlines()) or 1  # "at end of document": the last line
        said = str(error) if at else f"{error}, line {line}"
        raise ConfigError(f"{path}: 第 {line} 行 TOML 语法错误 / TOML syntax error: {said}") from None


def _key_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


_RANGE = {"greater_than", "greater_than_equal", "less_than", "less_than_equal", "too_short", "too_long"}
_FORMAT = {"string_pattern_mismatch", "string_too_short", "string_too_long"}


def _label(kind: str) -> str:
    """The bilingual name of a pydantic error type."""
    if kind.endswith(("_type", "_parsing")) or kind in {"is_instance_of", "model_attributes_type"}:
        return "类型错误 / wrong type"
    if kind in _RANGE:
        return "超出范围 / out of range"
    if kind in {"literal_error", "enum"}:
        return "取值不允许 / value not allowed"
    if kind in _FORMAT:
        return "格式不对 / wrong format"
    return "取值无效 / invalid value"


def _describe(path: Path, model: type[BaseModel], detail: ErrorDetails) -> str:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    where = f"{path}: {_key_path(loc)}"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{where}: 未知的键 / unknown key (allowed keys: {', '.join(allowed)}){hint}"
    if kind == "missing":
        return f"{where}: 缺少必填项 / required key is missing"
    if kind == "value_error":
        return f"{where}: {detail.get('ctx', {}).get('error')}"
    return f"{where}: {_label(kind)}: {detail['msg']}, got {_show(detail.get('input'))}"


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys a table at ``loc`` may hold, found by walking the model's field types."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            current = _item_type(current)
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Optional[X] -> X; Annotated[X, ...] -> X."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in {typing.Union, types.UnionType}:
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(members[0]) if len(members) == 1 else annotation
    return annotation


def _item_type(annotation: Any) -> Any:
    args = typing.get_args(annotation)
    return args[0] if typing.get_origin(annotation) is list and args else None
