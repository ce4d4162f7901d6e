"""Catalogues of the DX推進指標 of other sizes, for the tests that fix what a page costs: the
same number of queries for 10 items as for 40 (more than the indicator's 35). Put in place with
the setting DX_INDICATOR_CATALOGUE (workshops.self_assessment.indicator.active)."""

from workshops.self_assessment.indicator import EDITION, GROUPS, Catalogue, Item


def _catalogue(size: int) -> Catalogue:
    items = []
    for index in range(size):
        group = GROUPS[0] if index < size * 2 // 3 else GROUPS[1]
        key = index % 4 == 0
        items.append(
            Item(
                f"test_item_{index:02d}",
                group.code,
                f"T{index + 1}",
                f"試験項目{index + 1}",
                f"Test item {index + 1}",
                question_ja=f"試験項目{index + 1}の問いか。",
                question_en=f"Is this test item {index + 1}'s question?",
                key=key,
                parent="" if key else items[index - index % 4].code,
            )
        )
    return Catalogue(EDITION, GROUPS, tuple(items), size)


TEN = _catalogue(10)
FORTY = _catalogue(40)

TEN_PATH = "tests.workshops.indicator_catalogues.TEN"
FORTY_PATH = "tests.workshops.indicator_catalogues.FORTY"
