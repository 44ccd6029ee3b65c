"""Every tampering kind and hiding technique auditor/tamper emits reads in Chinese."""

from __future__ import annotations

import pytest

from auditor.report.tamper_labels import kind_label, technique_label
from auditor.tamper.crosspage import FOOTER_KIND
from auditor.tamper.hiding import BOX_CHECKS
from auditor.tamper.hit import KINDS


@pytest.mark.parametrize("kind", [*KINDS, FOOTER_KIND])
def test_every_kind_has_a_chinese_name(kind: str) -> None:
    label = kind_label(kind)
    assert label != kind and not label.isascii()


@pytest.mark.parametrize("technique", [name for name, _ in BOX_CHECKS] + ["same-color"])
def test_every_hiding_technique_has_a_chinese_name(technique: str) -> None:
    assert not technique_label(technique).isascii()


@pytest.mark.parametrize(
    ("technique", "expected"),
    [
        ("display:none", "样式隐藏(display:none)"),
        ("style-rule .ad{display:none}", "样式表规则隐藏(.ad{display:none})"),
        ("meta keywords", "元数据 keywords 被篡改"),
        ("footer-differs", "与本站多数页面的页脚不同"),
        ("document.write+font-size:0", "脚本写入(document.write)，字号为 0(font-size:0)"),
        ("innerHTML+style-rule .k", "脚本写入(innerHTML)，样式表规则隐藏(.k)"),
        ("script-style #qq", "脚本设置隐藏(#qq)"),
        ("linked-style .a .b", "外部样式表规则隐藏(.a .b)"),
        ("script-file+document.write", "本站脚本文件，脚本写入(document.write)"),
        ("some-new-trick", "some-new-trick"),
        (None, ""),
    ],
)
def test_technique_labels(technique: str | None, expected: str) -> None:
    assert technique_label(technique) == expected
