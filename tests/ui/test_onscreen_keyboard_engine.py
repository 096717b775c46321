"""The pinyin engine of the on-screen keyboard, without Qt: syllables, candidates, paging, picking, erasing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devtools import pinyin_lexicon
from ui.keyboard.engine.composer import Composer
from ui.keyboard.engine.lexicon import SHIPPED, Lexicon, LexiconError, shipped_lexicon

# A small lexicon in the shipped file's format: key, entries, frequencies; sorted by key.
FIXTURE = """# a fixture
# total 1000000
an	安	400
bei\t北 被 背\t900 800 700
bei'jing\t北京 背景\t500 300
bei'jing'shi\t北京市\t200
jing\t经 京\t600 500
san\t三 散\t800 100
shi\t是 市 时\t990 400 300
xi\t西 系\t550 400
xi'an\t西安\t300
xian\t先 现\t600 500
zhang\t张 长 章\t700 600 100
"""


@pytest.fixture
def lexicon() -> Lexicon:
    return Lexicon(FIXTURE)


def typed(lexicon: Lexicon, letters: str, page_size: int = 6) -> Composer:
    composer = Composer(lexicon, page_size)
    for letter in letters:
        composer.type(letter)
    return composer


def texts(composer: Composer) -> list[str]:
    return [candidate.text for candidate in composer.candidates()]


def test_letters_become_syllables(lexicon: Lexicon) -> None:
    assert typed(lexicon, "beijingshi").preedit() == "bei'jing'shi"
    assert typed(lexicon, "xian").preedit() == "xian"  # the fewest syllables
    assert typed(lexicon, "xi'an").preedit() == "xi'an"  # unless separated
    assert typed(lexicon, "zhangs").preedit() == "zhang's"  # a syllable begun


def test_a_syllable_gives_its_characters_most_frequent_first(lexicon: Lexicon) -> None:
    assert texts(typed(lexicon, "zhang")) == ["张", "长", "章"]


def test_a_phrase_comes_first_then_shorter_words_then_characters(lexicon: Lexicon) -> None:
    composer = typed(lexicon, "beijingshi")
    assert texts(composer) == ["北京市", "北京", "背景", "北", "被", "背"]
    assert composer.pick(0) == "北京市"
    assert not composer.composing


def test_syllables_no_word_spells_make_the_likeliest_sentence(lexicon: Lexicon) -> None:
    composer = typed(lexicon, "zhangsan")
    assert texts(composer)[0] == "张三"
    assert composer.pick(0) == "张三" and composer.letters == ""


def test_a_shorter_pick_leaves_the_rest_to_compose(lexicon: Lexicon) -> None:
    composer = typed(lexicon, "beijingshi")
    assert composer.pick(texts(composer).index("北京")) == "北京"
    assert composer.letters == "shi"
    assert texts(composer) == ["是", "市", "时"]


def test_a_begun_syllable_matches_every_syllable_it_begins(lexicon: Lexicon) -> None:
    assert texts(typed(lexicon, "beijings"))[:1] == ["北京市"]
    assert texts(typed(lexicon, "x")) == ["先", "西", "现", "系"]


def test_initials_alone_make_no_sentence_but_give_the_first_letters_characters(lexicon: Lexicon) -> None:
    composer = typed(lexicon, "bjs")
    assert composer.preedit() == "b'j's"
    assert texts(composer) == ["北", "被", "背"]
    assert all(candidate.pieces == 1 for candidate in composer.candidates())


def test_erase_takes_back_letters_and_then_says_there_are_none(lexicon: Lexicon) -> None:
    composer = typed(lexicon, "zh")
    assert composer.erase() and composer.letters == "z"
    assert composer.erase() and composer.letters == ""
    assert not composer.erase()


def test_pages_hold_page_size_candidates_or_what_fits(lexicon: Lexicon) -> None:
    composer = typed(lexicon, "beijingshi", page_size=2)
    assert composer.page_count == 3
    assert [c.text for c in composer.page_candidates()] == ["北京市", "北京"]
    composer.next_page()
    assert [c.text for c in composer.page_candidates()] == ["背景", "北"]
    assert composer.pick(1) == "北" and composer.letters == "jingshi" and composer.page == 0
    composer.next_page()
    composer.next_page()
    composer.next_page()
    assert composer.page == composer.page_count - 1
    composer.previous_page()
    assert composer.page == composer.page_count - 2
    wide = typed(lexicon, "beijingshi", page_size=6)
    wide.fit(lambda text: 10 * len(text), budget=50)  # 北京市 30 + 北京 20; 背景 would not fit
    assert [c.text for c in wide.page_candidates()] == ["北京市", "北京"]


def test_only_letters_and_one_separator_are_taken(lexicon: Lexicon) -> None:
    composer = typed(lexicon, "'x1''i A")
    assert composer.letters == "x'ia"
    assert composer.take_letters() == "xia" and not composer.composing


def test_a_broken_lexicon_is_refused_with_a_message() -> None:
    with pytest.raises(LexiconError, match="词库"):
        Lexicon("# nothing here\n")


def test_the_shipped_lexicon_knows_names_places_and_form_words() -> None:
    lexicon = shipped_lexicon()
    first_page = [c.text for c in typed(lexicon, "zhang", page_size=7).page_candidates()]
    assert "张" in first_page
    for letters, expected in [
        ("zhangsan", "张三"),
        ("beijingshi", "北京市"),
        ("shenfenzhenghao", "身份证号"),
        ("haidianqu", "海淀区"),
        ("nihao", "你好"),
    ]:
        assert texts(typed(lexicon, letters))[0] == expected, letters
    assert "西安" in texts(typed(lexicon, "xi'an"))[:3]


@pytest.mark.e2e  # about 20 s of CPU: pypinyin reads every word of jieba's dictionary
def test_the_shipped_lexicon_is_what_the_packages_make(tmp_path: Path) -> None:
    built = tmp_path / "lexicon.tsv"
    assert pinyin_lexicon.main([str(built)]) == 0
    assert built.read_bytes() == SHIPPED.read_bytes(), "run: python -m devtools.pinyin_lexicon"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz'", max_size=30))
def test_syllables_spell_exactly_what_was_typed(letters: str) -> None:
    pieces = shipped_lexicon().syllables.segment(letters)
    assert "".join(piece.text for piece in pieces) == letters.replace("'", "")
    for piece in pieces:
        assert letters[piece.start : piece.end] == piece.text
    whole = shipped_lexicon().syllables.whole
    assert all(piece.text in whole for piece in pieces if piece.whole)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz'", min_size=1, max_size=20), st.data())
def test_picking_uses_up_letters_and_erasing_never_fails(letters: str, data: st.DataObject) -> None:
    composer = typed(shipped_lexicon(), letters)
    while composer.composing and composer.candidates():
        before = composer.letters
        index = data.draw(st.integers(0, len(composer.page_candidates()) - 1))
        assert composer.pick(index)
        assert len(composer.letters) < len(before) and before.endswith(composer.letters)
    while composer.erase():
        pass
    assert composer.letters == "" and composer.candidates() == []
