"""The demo's 政务公开 scenes: the sample notices (config/disclosure/samples.toml, fictional, marked 示例) published
through the supervisors' API, the screens in Chinese, English and elder mode, the printed notice; then the hall
goes away and the kiosk shows and prints its kept copy, marked with its day. Leaves the hall stopped (the demo's
offline scenes follow) and the kiosk at home in Chinese."""

from __future__ import annotations

import httpx

from common.settings.paths import shipped_config_dir
from hall.disclosure_seed import SAMPLES, read_notices
from hall.tokens import Role, create_token
from kiosk.flows.disclosure import DisclosureFlow
from kiosk.flows.disclosure_words import Section
from kiosk.flows.screens import DISCLOSURE
from ui.demo_filing import keep_printout
from ui.demo_run import VARIANTS, DemoRun, Variant, act, flow_of


def publish_samples(run: DemoRun) -> None:
    """What a supervisor does on /disclosure/manage, on the embedded hall's real API with a supervisor token."""
    embedded = run.services.embedded
    if embedded is None or embedded.hall is None:
        raise RuntimeError("the demo needs the embedded hall")
    with run.backstage():
        token = create_token(embedded.hall.sessions, "demo-supervisor", Role.SUPERVISOR)
        headers = {"Authorization": f"Bearer {token}"}
        for notice in read_notices(shipped_config_dir() / SAMPLES):
            answer = httpx.post(
                f"{embedded.url}/api/v1/disclosure/notices",
                content=notice.model_dump_json(),
                headers={**headers, "Content-Type": "application/json"},
                timeout=10,
            )
            answer.raise_for_status()


def walk_disclosure(run: DemoRun) -> None:
    publish_samples(run)
    for variant in VARIANTS:
        browse(run, variant)
    hall_away(run)


def browse(run: DemoRun, variant: Variant) -> None:
    kiosk, key = run.ui.kiosk, variant.key
    act(run, kiosk.home)
    act(run, lambda: kiosk.set_language(variant.language))
    act(run, lambda: kiosk.set_elder_mode(variant.elder))
    act(run, lambda: kiosk.go(DISCLOSURE))
    flow = flow_of(run, DisclosureFlow)
    run.shot("disclosure-sections", key)
    act(run, lambda: flow.open_section(Section.NOTICES))
    run.shot("disclosure-notices", key)
    act(run, flow.open_search)
    for letter in "gy":
        act(run, lambda letter=letter: flow.type_letter(letter))
    run.shot("disclosure-search", key)
    act(run, kiosk.back)
    act(run, lambda: flow.open_notice(flow.items[0].id))
    run.shot("disclosure-notice", key)
    if not variant.elder:
        act(run, flow.print_notice)
        run.shot("disclosure-notice-printed", key)
        keep_printout(run, key, "disclosure-notice-printout")
    act(run, kiosk.back)
    act(run, kiosk.back)
    act(run, lambda: flow.open_section(Section.POLICIES))
    act(run, lambda: flow.open_notice(flow.items[0].id))
    run.shot("disclosure-policy", key)
    act(run, kiosk.back)
    act(run, kiosk.back)
    for section, scene in ((Section.FEES, "fees"), (Section.FILINGS, "filings"), (Section.STAFF, "staff")):
        act(run, lambda section=section: flow.open_section(section))
        run.shot(f"disclosure-{scene}", key)
        act(run, kiosk.back)
    act(run, kiosk.home)


def hall_away(run: DemoRun) -> None:
    """The hall stops: the kept copy with its day, read and printed."""
    kiosk, embedded = run.ui.kiosk, run.services.embedded
    act(run, lambda: kiosk.set_elder_mode(False))
    act(run, lambda: kiosk.set_language("zh_CN"))
    if embedded is None:
        return
    with run.backstage():
        embedded.stop()
    run.settle(lambda: not kiosk.offers.hall_online, 15)
    act(run, lambda: kiosk.go(DISCLOSURE))
    flow = flow_of(run, DisclosureFlow)
    run.shot("disclosure-offline-copy", "zh")
    act(run, lambda: flow.open_section(Section.NOTICES))
    act(run, lambda: flow.open_notice(flow.items[0].id))
    act(run, flow.print_notice)
    run.shot("disclosure-offline-notice-printed", "zh")
    keep_printout(run, "zh", "disclosure-notice-printout-offline")
    act(run, lambda: kiosk.set_language("en"))
    run.shot("disclosure-offline-notice", "en")
    act(run, kiosk.home)
    act(run, lambda: kiosk.set_language("zh_CN"))
