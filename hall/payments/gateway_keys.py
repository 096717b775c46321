"""The payment keys as files: an RSA private key in PEM, 0600 whatever the umask, made on first use with its public
half beside it (``NAME.key.pem`` → ``NAME.pub.pem``), like the hall's key ring (hall/keyring.py)."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from common.errors import ConfigError

KEY_BITS = 2048


def public_path(private_path: Path) -> Path:
    """``x.key.pem`` → ``x.pub.pem`` (else the name with ``.pub.pem`` added)."""
    name = private_path.name
    stem = name[: -len(".key.pem")] if name.endswith(".key.pem") else name
    return private_path.with_name(f"{stem}.pub.pem")


def private_key(path: Path) -> rsa.RSAPrivateKey:
    """The RSA key in ``path``, made (with its public half beside it) when there is none; ConfigError when the
    file is readable by others or is not an RSA key."""
    if not path.exists():
        make_private_dir(path.parent)
        key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        _write_new(path, pem, 0o600)
        _write_new(public_path(path), public_pem(key.public_key()), 0o644)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path}: 密钥文件不能让其他用户读取，请执行 chmod 600 / a key file must be readable by its owner only "
            f"(mode {stat.S_IMODE(mode):o}); run chmod 600 on it"
        )
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError):
        raise _broken(path) from None
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise _broken(path)
    if not public_path(path).exists():
        _write_new(public_path(path), public_pem(loaded.public_key()), 0o644)
    return loaded


def public_key(path: Path) -> rsa.RSAPublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: 找不到支付网关公钥文件 / the payment gateway's public key file is missing"
        ) from None
    except ValueError:
        raise _broken(path) from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise _broken(path)
    return key


def public_pem(key: rsa.RSAPublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def make_private_dir(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(directory.stat().st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
        directory.chmod(0o700)


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Write ``path`` whole unless it exists (two processes starting at once: the first one's key stays)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _broken(path: Path) -> ConfigError:
    return ConfigError(f"{path}: 不是 RSA 密钥（PEM）/ not an RSA key in PEM; restore it from the backup or remove it")
