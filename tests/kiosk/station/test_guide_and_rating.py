"""The service guide cached for when the hall is away, and ratings delivered once through the outbox."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import func, select

from devices.words import Words
from devtools.ports import free_port
from drivers.sim.printer import VirtualPrinter
from hall.ratings import Rating
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.flows.rate import ticket_code_from
from kiosk.hallclient import HallClient
from kiosk.hallclient.outbox import OutboxSender
from kiosk.hallclient.ratings import ROUTES
from kiosk.station.hall import StationHall
from kiosk.store import Store
from tests.support.hall import served

MakeKiosk = Callable[[str], StationHall]


def test_the_guide_is_served_from_the_cache_when_the_hall_is_down(hall: Hall, make_kiosk: MakeKiosk) -> None:
    port = free_port()
    with served(hall.app, port) as url:
        kiosk = make_kiosk(url)
        fresh = kiosk.guide()
        assert kiosk.guide() == fresh  # a 304 answers the second ask
    assert not fresh.stale and len(fresh.items) >= 10
    served_down = kiosk.guide()
    assert served_down.stale and served_down.items == fresh.items and not kiosk.online
    # A kiosk restarted while the hall is still down reads the copy in its data dir.
    restarted = make_kiosk(url).guide()
    assert restarted.stale and restarted.version == fresh.version and restarted.items == fresh.items
    with served(hall.app, port):
        assert not kiosk.guide().stale


def test_search_by_pinyin_initials_and_every_field_filled(hall: Hall, make_kiosk: MakeKiosk) -> None:
    with served(hall.app) as url:
        guide = make_kiosk(url).guide()
    names = [item.name for item in guide.search("sfz")]
    assert "居民身份证换领（有效期满）" in names and "居民身份证补领" in names
    assert [item.name for item in guide.search("SHBZKBL")] == ["社会保障卡补领"]
    assert any(item.name == "社会保障卡补领" for item in guide.search("社保卡"))  # a keyword, not in the name
    assert "示例市公安局" in guide.departments() and "证照办理" in guide.life_events()
    item = guide.search("jmsfzhlyxqm")[0]
    assert item.time_limit == "法定 60 个工作日，承诺 15 个工作日" and "20 元/证" in item.fee
    assert item.legal_basis and item.conditions and item.materials and item.procedure and item.hours
    assert item.materials[0].originals and item.contact == "0571-88881101"


def test_a_guide_prints_and_a_missing_item_says_so(
    hall: Hall, make_kiosk: MakeKiosk, printer_sim: VirtualPrinter
) -> None:
    with served(hall.app) as url:
        kiosk = make_kiosk(url)
        code = kiosk.guide().items[0].code
    assert kiosk.print_guide(code) == (True, None)
    assert kiosk.print_guide("000000-000") == (False, Words("没有这个事项", "no such service item"))
    [receipt] = printer_sim.wait_for_receipts(1)
    assert receipt.image.height > 1500 and not receipt.truncated  # the whole guide, every section


def test_a_rating_is_queued_and_delivered_once(hall: Hall, make_kiosk: MakeKiosk, store: Store) -> None:
    port = free_port()
    pads_token = create_token(hall.sessions, "pads", Role.PADS)
    with served(hall.app, port) as url:
        kiosk = make_kiosk(url)
        ticket = kiosk.take_number("A")
        with HallClient(url, pads_token) as pads:
            pads.post("/api/v1/windows/1/call-next")
        # What the rating screen names: the number, its service, the window and who serves there.
        rated = kiosk.rated_ticket(ticket_code_from(ticket.qr_url) or "")
        assert rated is not None and (rated.number, rated.served, rated.rated) == (ticket.number, True, False)
        assert (rated.window, rated.staff) == (Words("1号窗口", "Window 1"), "1001")
        assert rated.category == Words("社保医保", "Social and medical insurance")
    assert kiosk.rated_ticket(ticket_code_from(ticket.qr_url) or "") is None  # the hall is away: nothing to name
    assert kiosk.bad_rating_reasons()[0] == Words("办理时间过长", "It took too long")
    # Rated while the hall is away: kept in the outbox.
    kiosk.rate(2, ["办理时间过长"], ticket_code=ticket_code_from(ticket.qr_url))
    sender = OutboxSender(store, kiosk.client, ROUTES)
    assert sender.send_due().unreachable and sender.pending() == 1
    with served(hall.app, port):
        sender.start()
        sender.wake(everything=True)
        deadline = time.monotonic() + 10
        while sender.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
        kiosk.rate(
            2, ["办理时间过长"], ticket_code=ticket_code_from(ticket.qr_url)
        )  # the same service again: the hall has it
        sender.wake(everything=True)
        while sender.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
        sender.stop()
    assert sender.pending() == 0
    with hall.sessions() as session:
        ratings = session.scalars(select(Rating)).all()
        assert [(r.level, r.reasons, r.channel) for r in ratings] == [(2, ["办理时间过长"], "kiosk")]
        assert session.scalar(select(func.count()).select_from(Rating)) == 1
