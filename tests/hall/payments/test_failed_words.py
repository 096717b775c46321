"""A declined payment's words: the gateway's reason inside each language's sentence, never both in one."""

from __future__ import annotations

from hall.payments.ledger import failed_words


def test_a_two_language_reason_is_split_between_the_languages() -> None:
    words = failed_words("余额不足 / the payer's balance is not enough")
    assert words.zh == "支付未成功（余额不足），未扣款。请换一种方式重新缴费"
    assert words.en.startswith("The payment did not go through (the payer's balance is not enough);")
    assert "余额" not in words.en and "balance" not in words.zh


def test_a_reason_in_one_language_stands_in_both_and_none_leaves_no_brackets() -> None:
    assert "（付款码已过期）" in failed_words("付款码已过期").zh
    assert "(付款码已过期)" in failed_words("付款码已过期").en
    assert failed_words("").zh == "支付未成功，未扣款。请换一种方式重新缴费"
    assert "()" not in failed_words("").en
