"""Catalog routes of the hall API: the whole service catalog with an ETag, and one item by its code."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import FastAPI, Header, Path, Response

from common.hallapi.catalog import CODE_MAX, CODE_PATTERN, CatalogOut, ServiceItem
from hall.catalog import Catalog, catalog_dir, load_catalog
from hall.tokens import Role
from hall.web import ERRORS, ApiError, HallContext, bearer

ItemCode = Annotated[str, Path(pattern=CODE_PATTERN, max_length=CODE_MAX, description="实施编码")]
IfNoneMatch = Annotated[
    str | None, Header(max_length=2000, description="The ETag (or bare version) of the copy the client holds")
]


def add_catalog_routes(app: FastAPI, hall: HallContext) -> None:
    """Load the catalog now (a broken one stops the hall with one line per problem) and serve it to every role but
    the display (which shows no catalog)."""
    catalog = load_catalog(catalog_dir(hall.queue.config))
    app.state.catalog = catalog
    anyone = bearer(hall.sessions, Role.KIOSK, Role.PADS, Role.STAFF, Role.SUPERVISOR)
    etag = f'"{catalog.version}"'
    # The catalog cannot change while the hall runs, so its body is encoded once.
    body = json.dumps(catalog.document(), ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"ETag": etag, "Cache-Control": "no-cache"}

    @app.get("/api/v1/catalog", response_model=None, responses={200: {"model": CatalogOut}, 304: {}, **ERRORS})
    def whole_catalog(if_none_match: IfNoneMatch = None, _role: Role = anyone) -> Response:
        if if_none_match is not None and matches(if_none_match, catalog):
            return Response(status_code=304, headers=headers)
        return Response(content=body, media_type="application/json", headers=headers)

    @app.get("/api/v1/catalog/{code}", response_model=ServiceItem, responses=ERRORS)
    def one_item(code: ItemCode, response: Response, _role: Role = anyone) -> ServiceItem:
        item = catalog.get(code)
        if item is None:
            raise ApiError(404, "not_found", f"没有这个事项 / no service item with code {code}")
        response.headers.update(headers)
        return item


def matches(if_none_match: str, catalog: Catalog) -> bool:
    """Whether an If-None-Match header names this catalog: ``*``, its ETag (weak or strong) or its bare version."""
    for held in if_none_match.split(","):
        if held.strip().removeprefix("W/").strip('"') in {"*", catalog.version}:
            return True
    return False
