"""The hall's HTTP API (FastAPI): each route module adds its routes; errors are {"error", "message"}."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from hall.alerts import add_alert_routes
from hall.appointments_api import add_appointment_routes
from hall.attachments import AttachmentStore
from hall.attachments_api import add_attachment_routes
from hall.audit_api import install_audit
from hall.catalog_api import add_catalog_routes
from hall.disclosure_api import add_disclosure_routes
from hall.display_page import add_display_page_routes
from hall.events_api import add_event_routes
from hall.filings_api import add_filing_routes
from hall.fleet_api import add_fleet_routes
from hall.hotline_page import add_hotline_routes
from hall.keyring import KeyRing
from hall.payments.api import add_payment_routes
from hall.phone_upload_api import add_phone_upload_routes
from hall.queue import QueueEngine
from hall.queue_api import add_queue_routes
from hall.rate_limits import PublicRateLimit, RateLimits
from hall.rating_page import add_rating_page_routes
from hall.rating_stats_api import add_rating_stats_routes
from hall.ratings_api import add_rating_routes
from hall.report_web import add_report_routes
from hall.security_headers import SecurityHeaders
from hall.supervision_web import add_supervision_routes
from hall.web import HallContext, install_error_handlers
from hall.webui.filings import add_filing_web_routes
from hall.webui.queue_page import add_queue_page_routes
from hall.webui.ratings_pages import add_rating_pages
from hall.webui.routes import add_web_routes

# Every route module of the API, each a function (app, hall) -> None.
ROUTES: list[Callable[[FastAPI, HallContext], None]] = [
    add_queue_routes,
    add_catalog_routes,  # before the appointments': booking offers catalog items
    add_appointment_routes,
    add_rating_routes,
    add_rating_page_routes,
    add_filing_routes,  # after the catalog's: it checks filings against the catalog that loaded
    add_event_routes,
    add_fleet_routes,
    add_display_page_routes,
    add_attachment_routes,
    add_phone_upload_routes,
    add_disclosure_routes,  # after the catalog's: its fee schedules come from the catalog
    add_payment_routes,  # after the catalog's: it prices from the catalog that loaded
    add_alert_routes,
    add_web_routes,  # the staff's and supervisors' pages (docs/hall-web.md); their modules follow it
    add_filing_web_routes,
    add_queue_page_routes,
    add_hotline_routes,  # the 12345 hotline link: its worker and /web/hotline
    add_supervision_routes,  # 电子监察: the warnings' sweep and page
    add_report_routes,  # the daily report
    add_rating_stats_routes,
    add_rating_pages,  # 好差评: statistics, charts, bad ratings and their follow-up, appeals
]


def create_app(queue: QueueEngine, *, public_url: str, attachments: AttachmentStore, ring: KeyRing) -> FastAPI:
    app = FastAPI(title="Hall server API", version="1", openapi_url="/openapi.json", docs_url=None, redoc_url=None)
    install_error_handlers(app)
    hall = HallContext(queue, public_url, attachments, ring)
    app.state.hall = hall  # tests and tools reach the route modules' context here
    app.state.closing = hall.closing  # whoever runs the server sets it before stopping (see hall/serving.py)
    for add_routes in ROUTES:
        add_routes(app, hall)
    install_audit(app, hall)  # the supervisors' routes, and one middleware that records staff actions on all
    app.state.rate_limits = limits = RateLimits(queue.config.limits)  # bearer() counts failed tokens here
    app.add_middleware(PublicRateLimit, limits=limits)
    app.add_middleware(SecurityHeaders)  # outermost: error answers get the headers too
    return app
