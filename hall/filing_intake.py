"""Taking a filing from a kiosk, exactly once: the hall checks it again (it never trusts a kiosk), seals the ID
numbers in it, and stores it under the kiosk's id. The same body sent again is answered as the first time; another
body under the same id, or the same number under another id, is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from common.formcheck import FormErrors, Value, validate_submission
from common.hallapi.filings import FilingIn, FilingStatus
from common.hallapi.forms import FieldProblem, normalise_phone
from devices.identity import InvalidIdNumber, validate_id_number
from devices.privacy import mask_id_numbers, mask_id_numbers_in
from hall.attachments import AttachmentStore
from hall.catalog import Catalog
from hall.filing_keys import FilingKeys
from hall.filings import Filing, FilingError, record


def canonical(body: FilingIn) -> bytes:
    """The body as one byte string that does not depend on how the kiosk ordered or spaced its JSON."""
    document = body.model_dump(mode="json")
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Checked:
    """What the checks made of a body: the values to store and whether its item has left the catalog."""

    id_number: str
    phone: str | None
    form: dict[str, Value]
    withdrawn: bool


class FilingIntake:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        readers: sessionmaker[Session],
        catalog: Catalog,
        store: AttachmentStore,
        keys: FilingKeys,
        *,
        clock: Callable[[], datetime],
        zone: ZoneInfo,
    ) -> None:
        self.sessions, self.readers, self.catalog, self.store, self.keys = sessions, readers, catalog, store, keys
        self.clock, self.zone = clock, zone

    def take(self, body: FilingIn, role: str) -> tuple[Filing, bool]:
        """The stored filing, and whether this call stored it (False: it was there already, from the same body)."""
        digest = self.keys.digest(canonical(body))
        with self.readers() as session:
            known = session.get(Filing, body.id)
        if known is not None:  # a repeat is answered before any check: the catalog may have changed since
            return _same(known, digest), False
        checked = self.check(body)
        now = self.clock()
        filing = self._row(body, checked, digest, now)
        try:
            with self.sessions.begin() as session:
                known = session.get(Filing, body.id)
                if known is not None:
                    return _same(known, digest), False
                session.add(filing)
                session.flush()
                note = "事项已从目录中撤下，请人工核对 / item withdrawn from the catalog" if checked.withdrawn else None
                record(session, filing, "submitted", role, now, before=None, note=note)
        except IntegrityError:
            # Another server process stored this id (or this number) between our read and our insert.
            with self.readers() as session:
                known = session.get(Filing, body.id)
            if known is not None:
                return _same(known, digest), False
            raise FilingError(
                409,
                "number_taken",
                f"受理号 {body.number} 已被另一份申报使用 / filing number {body.number} belongs to another filing",
            ) from None
        return filing, True

    def check(self, body: FilingIn) -> Checked:
        """Everything the hall checks before it stores a filing; FilingError (422) for the first kind of problem."""
        problems: dict[str, str] = {}
        today = self.clock().astimezone(self.zone).date()
        id_number = body.applicant.id_number
        try:
            id_number = validate_id_number(id_number, today=today)
        except InvalidIdNumber as error:
            zh, _, en = str(error).partition(" / ")
            problems["applicant.id_number"] = f"申请人身份证号码：{zh} / applicant.id_number: {en or zh}"
        phone = body.applicant.phone
        if phone is not None:
            try:
                phone = normalise_phone(phone)
            except FieldProblem as bad:
                problems["applicant.phone"] = f"联系电话：{bad.zh} / applicant.phone: {bad.en}"
        if body.delivery.method == "post" and body.delivery.address is None:
            problems["delivery.address"] = "邮寄地址：邮寄时必须填写 / delivery.address: required for delivery by post"
        item = self.catalog.get(body.item_code)
        form: dict[str, Value] = dict(body.form)
        if item is not None and not item.fileable:
            raise FilingError(
                422, "not_fileable", f"{item.name}不能自助申报 / item {item.code} cannot be filed at a kiosk"
            )
        if item is not None:
            try:
                form = validate_submission(item.form, dict(body.form))
            except FormErrors as bad:
                problems.update(bad.errors)
        if problems:
            fields = {name: mask_id_numbers(message) for name, message in problems.items()}
            message = "表单有误 / the form has errors: " + "; ".join(fields.values())
            raise FilingError(422, "invalid_form", message, fields)
        self._check_attachments(body)
        return Checked(id_number, phone, form, withdrawn=item is None)

    def _check_attachments(self, body: FilingIn) -> None:
        for ref in body.attachments:
            if not self.store.has(ref.sha256):
                why_zh, why_en = "尚未上传", "is not stored yet"
            elif self.store.size(ref.sha256) != ref.size:
                why_zh, why_en = "大小与申报不符", f"is stored with another size than {ref.size} bytes"
            else:
                continue
            raise FilingError(
                422,
                "attachment_missing",
                f"附件“{ref.name}”{why_zh} / attachment {ref.name!r} ({ref.sha256}) {why_en}; upload it first",
            )

    def _row(self, body: FilingIn, checked: Checked, digest: str, now: datetime) -> Filing:
        masked: dict[str, Any] = {
            name: mask_id_numbers(value) if isinstance(value, str) else value for name, value in checked.form.items()
        }
        context = body.id.bytes
        form_sealed = None
        if masked != checked.form:
            form_sealed = self.keys.seal(json.dumps(checked.form, ensure_ascii=False), context)
        return Filing(
            id=body.id,
            number=body.number,
            item_code=body.item_code,
            kiosk_id=body.kiosk_id,
            created_at=body.created_at,
            received_at=now,
            applicant_name=body.applicant.name,
            id_number_sealed=self.keys.seal(checked.id_number, context),
            id_hash=self.keys.lookup_hash(checked.id_number),
            phone=checked.phone,
            form=masked,
            form_sealed=form_sealed,
            attachments=[
                {**ref.model_dump(mode="json"), "name": mask_id_numbers(ref.name)} for ref in body.attachments
            ],
            materials_to_bring=[mask_id_numbers(material) for material in body.materials_to_bring],
            delivery=mask_id_numbers_in(body.delivery.model_dump(mode="json")),
            body_digest=digest,
            status=FilingStatus.SUBMITTED.value,
            missing_materials=[],
            note=None,
            result_ready=False,
            collected=False,
            reprint_allowed=False,
            item_withdrawn=checked.withdrawn,
            updated_at=now,
        )


def _same(known: Filing, digest: str) -> Filing:
    if known.body_digest != digest:
        raise FilingError(
            409,
            "id_conflict",
            f"申报 {known.id} 已以不同内容提交 / filing {known.id} was already sent with a different body",
        )
    return known
