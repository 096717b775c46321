"""The robot's actions as a pure function of the seed and the run: the same seed and run give the same actions."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass

KINDS = ("ticket", "filing", "rating", "payment")
WEIGHTS = (3, 3, 2, 2)
PAGE_BYTES = (20_000, 400_000)  # an attachment's size range: small photos to a full A4 scan


@dataclass(frozen=True)
class Action:
    """One step of the robot: its kind and the seeded details it needs."""

    kind: str
    number: int  # its place in the run
    pages: tuple[int, ...] = ()  # a filing's attachments: each one's size in bytes
    salt: int = 0  # makes the attachments' bytes and the payment code differ from action to action
    level: int = 5  # a rating's level

    def page(self, index: int) -> bytes:
        """The bytes of attachment ``index``: a JPEG's first bytes, then seeded bytes (the store checks only those)."""
        block = hashlib.sha256(f"{self.salt}-{index}".encode()).digest()
        size = self.pages[index]
        return b"\xff\xd8\xff\xe0" + (block * (size // len(block) + 1))[: size - 4]

    def payment_code(self) -> str:
        """A WeChat payment code that the gateway simulator pays at once (no special ending)."""
        digits = f"{self.salt:016d}"[-16:]
        return "13" + (digits if digits[-6:] not in {"111111", "222222", "333333"} else digits[:-1] + "0")


def rng_for(seed: int, run: int) -> random.Random:
    return random.Random(f"robot-{seed}-{run}")


def actions(seed: int, run: int) -> Iterator[Action]:
    """The endless seeded sequence of actions for ``run`` of a campaign seeded ``seed``."""
    rng = rng_for(seed, run)
    number = 0
    while True:
        number += 1
        kind = rng.choices(KINDS, WEIGHTS)[0]
        pages = tuple(rng.randint(*PAGE_BYTES) for _ in range(rng.randint(1, 2))) if kind == "filing" else ()
        yield Action(kind, number, pages, salt=rng.getrandbits(52), level=rng.randint(1, 5))


def first_actions(seed: int, run: int, count: int) -> list[Action]:
    made = actions(seed, run)
    return [next(made) for _ in range(count)]
