"""The README and docs/: every relative link leads to a file, and the README stays short.

A link is checked when it is written in Markdown, inline (`[text](target)`) or as a reference
definition (`[label]: target`), outside code; addresses with a scheme (https:, mailto:) and links
inside the same page (`#section`) are left alone.
"""

import re
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
README_LIMIT = 12_000

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](target "title"), the text allowing one level of nested brackets; ![alt](image) too.
INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]"
    r"\(\s*(<[^>]*>|[^\s)]+)(?:\s+\"[^\"]*\")?\s*\)"
)
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def markdown_files() -> list[Path]:
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


def link_targets(text: str) -> list[tuple[int, str]]:
    """(line number, target) for every link written in Markdown outside code."""
    targets = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        prose = CODE_SPAN.sub("", line)
        found = [match.group(1) for match in INLINE_LINK.finditer(prose)]
        definition = REFERENCE_DEFINITION.match(prose)
        if definition:
            found.append(definition.group(1))
        targets.extend((number, target.strip("<>")) for target in found)
    return targets


def missing_targets(path: Path) -> list[str]:
    missing = []
    for number, target in link_targets(path.read_text(encoding="utf-8")):
        if SCHEME.match(target) or target.startswith("#"):
            continue
        file_part = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not (path.parent / file_part).exists():
            missing.append(f"{path.relative_to(ROOT)}:{number}: {target}")
    return missing


def test_the_link_reader_finds_inline_and_reference_links_but_not_those_in_code():
    text = (
        "See [the rule](../workshops/outcomes/report.py#L10) and [tests][t].\n"
        "`[not a link](nowhere.md)`\n"
        "```\n[nor this](nowhere.md)\n```\n"
        "[t]: ../tests/\n"
    )
    assert link_targets(text) == [
        (1, "../workshops/outcomes/report.py#L10"),
        (6, "../tests/"),
    ]


def test_every_relative_link_in_the_readme_and_the_docs_leads_to_a_file_that_exists():
    files = markdown_files()
    assert len(files) > 1, "docs/ holds no Markdown file"
    missing = [entry for path in files for entry in missing_targets(path)]
    assert missing == [], "links to files that do not exist:\n" + "\n".join(missing)


def test_the_readme_is_shorter_than_twelve_thousand_characters():
    length = len(README.read_text(encoding="utf-8"))
    assert length < README_LIMIT, (
        f"README.md has {length} characters; move detail to docs/ to keep it under {README_LIMIT}"
    )
