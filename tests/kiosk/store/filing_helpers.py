"""Filings for the store's tests: a person, a form, and a small real JPEG-like attachment."""

from __future__ import annotations

from kiosk.store.filings import NewAttachment, NewFiling

ID_NUMBER = "110101199003071234"


def new_filing(*attachments: NewAttachment, form_text: str = "个体工商户", id_number: str = ID_NUMBER) -> NewFiling:
    return NewFiling(
        item_code="GT-001",
        item_name="个体工商户设立登记",
        applicant_name="张三",
        id_number=id_number,
        phone="13800000000",
        form={"business_name": form_text, "capital": 5},
        attachments=attachments,
        materials_to_bring=["营业场所证明原件"],
        delivery_method="post",
        delivery_address="北京市东城区某街1号",
    )


def attachment(size: int, fill: bytes = b"J", name: str = "身份证正面") -> NewAttachment:
    return NewAttachment(name=name, content_type="image/jpeg", data=fill * size, material="申请人身份证明")
