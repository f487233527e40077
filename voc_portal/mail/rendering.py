"""One HTML source per email: CSS inlined for mail clients, the plain-text part derived from it.

Each body template extends `emails/layout.html` (header, greeting, button, sign-off, footer).
The HTML is rendered once, autoescaped as usual; `css_inline` moves the stylesheet into `style`
attributes (media queries stay in a <style> block for phones), and `inscriptis` turns the same
HTML into the text part. inscriptis decodes entities and adds no markup of its own (no markdown
escapes), so user text such as "<script>" reads as typed and is never escaped twice. Parts marked
`<!--html-only-->…<!--/html-only-->` (the button) and `<!--text-only-->…<!--/text-only-->` stay
in one part only.
"""

from __future__ import annotations

import re

import css_inline
from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

_HTML_ONLY = re.compile(r"<!--html-only-->.*?<!--/html-only-->", re.S)
_TEXT_ONLY = re.compile(r"<!--text-only-->(.*?)<!--/text-only-->", re.S)
# A definition list of facts reads "label: value" on one line in text.
_HTML_ONLY_MARKS = re.compile(r"<!--/?html-only-->")
_FACT = re.compile(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", re.S)
_BLANK_RUNS = re.compile(r"\n{3,}")

# Only at-rules (the phone layout) stay in a <style> block; every other rule is inlined.
_INLINER = css_inline.CSSInliner(
    keep_style_tags=False, keep_at_rules=True, load_remote_stylesheets=False
)
# "strict": no indentation for nested tables (the layout is tables), one blank line per block.
_TEXT_CONFIG = ParserConfig(css=CSS_PROFILES["strict"], display_images=False)


def html_part(html: str) -> str:
    """The HTML alternative: text-only parts dropped, the stylesheet inlined."""
    return _INLINER.inline(_HTML_ONLY_MARKS.sub("", _TEXT_ONLY.sub("", html)))


def text_part(html: str) -> str:
    """The text alternative, derived from the same HTML: no tags, no entities, no escapes."""
    html = _TEXT_ONLY.sub(r"\1", _HTML_ONLY.sub("", html))
    html = _FACT.sub(r"<div>\1: \2</div>", html)
    text = get_text(html, _TEXT_CONFIG)
    lines = [line.strip() for line in text.splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip() + "\n"
