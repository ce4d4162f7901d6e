"""The names and the address of a person, found and replaced in text and JSON."""

from types import SimpleNamespace

from school.erasure.redaction import MARK, Identifiers

PERSON = SimpleNamespace(
    email="chihiro.morimoto@company07.example",
    last_name="森本",
    first_name="千尋",
    last_name_kana="もりもと",
    first_name_kana="ちひろ",
    last_name_roman="Morimoto",
    first_name_roman="Chihiro",
)


def test_the_whole_name_goes_in_every_script_and_order_and_the_address_too():
    identifiers = Identifiers.of(PERSON)

    text = identifiers.redact(
        "森本 千尋さん、森本千尋、もりもと ちひろ、MORIMOTO Chihiro、Chihiro Morimoto、"
        "chihiro.morimoto@company07.example"
    )

    assert text == "、".join([f"{MARK}さん", *[MARK] * 5])


def test_a_word_sharing_a_part_of_the_name_stays_in_others_text():
    assert Identifiers.of(PERSON).redact("千尋の谷に森本社") == "千尋の谷に森本社"


def test_a_thorough_redaction_takes_each_part_of_the_name_inside_json_and_keeps_the_keys():
    content = {"sections": {"vision": "森本が率いる"}, "kpis": [{"name": "Morimoto 指標"}], "n": 3}

    redacted = Identifiers.of(PERSON).redact_thoroughly(content)

    assert redacted == {
        "sections": {"vision": f"{MARK}が率いる"},
        "kpis": [{"name": f"{MARK} 指標"}],
        "n": 3,
    }
