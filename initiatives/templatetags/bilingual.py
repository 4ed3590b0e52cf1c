"""`{{ obj|tr:"definition" }}`: a bilingual field in the active language;
`<p{{ text|lang_attr }}>`: marks Chinese text on a page in English."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """The `<field>_en` text under English when filled in, else `<field>_zh`."""
    return obj.tr(field)


# CJK ideographs with extension A and compatibility forms: text a reader wrote in Chinese.
CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@register.filter
def lang_attr(value) -> str:
    """` lang="zh-Hans"` for Chinese text (a narrative, a name with no English form)
    shown on a page in another language, so screen readers switch voice; else ``."""
    if (get_language() or "").startswith("zh") or not CHINESE.search(str(value)):
        return ""
    return mark_safe(' lang="zh-Hans"')
