"""Classification by the evidence model: subject and genre in what the page IS prove an item;
column, URL and body only corroborate; non-proving genres veto; generic titles are read
through their body and attachment names."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.classify.attribution import clean
from auditor.classify.classifier import THRESHOLD, Fields, Matcher, fold, page_fields, page_items
from auditor.classify.phrases import join_fields, trie_regex


def classify(
    classify_items,
    title: str = "",
    column: str = "",
    url: str = "",
    body: str = "",
    files: tuple[str, ...] = (),
) -> dict:
    fields = Fields(
        join_fields([title]), join_fields([column]), url.lower(), body, join_fields(files)
    )
    return {m.item: m for m in Matcher(classify_items.CHECKLIST).classify(fields)}


def proved(classify_items, **page: Any) -> set[str]:
    return {item for item, m in classify(classify_items, **page).items() if m.proves}


def test_subject_and_genre_in_the_title_prove_with_readable_signals(classify_items):
    found = classify(
        classify_items, "良庆区财政局2014年部门预算公开", column="部门预决算", body="收支预算总表"
    )
    match = found["budget.department-budget"]
    assert match.proves and match.score >= THRESHOLD and match.strength == "strong"
    kinds = {(s.field, s.kind, s.phrase) for s in match.signals}
    assert {("title", "subject", "部门预算"), ("title", "genre", "公开")} <= kinds
    assert ("body", "element", "收支预算总表") in kinds
    assert "标题含主题“部门预算”" in match.reasons


def test_a_title_that_is_just_the_subject_proves(classify_items):
    assert proved(classify_items, title="城区财政局2014年单位预算") == {"budget.department-budget"}


def test_subject_without_genre_is_only_a_candidate(classify_items):
    found = classify(classify_items, "部门预算资金执行进度有关问题解答", column="部门预决算")
    assert not found["budget.department-budget"].proves
    assert found["budget.department-budget"].strength == "near"


def test_column_and_url_never_prove_on_their_own(classify_items):
    assert (
        proved(
            classify_items,
            title="关于转发上级文件的说明",
            column="部门预决算",
            url="http://a/bmys/1",
        )
        == set()
    )
    assert (
        proved(classify_items, title="绿化养护情况", column="征地信息", body="补偿标准 安置途径")
        == set()
    )


def test_non_proving_genres_veto_what_the_page_is_not_its_body(classify_items):
    for title in (
        "区财政局召开2014年部门预算公开工作部署会",
        "全区部门预算公开培训班开班",
        "关于报请三公经费公开工作的通知",
        "某镇征地补偿资料档案管理工作",
        "区国土分局开展征地项目专项清理",
    ):
        assert proved(classify_items, title=title) == set(), title
    body = "本局召开会议审议部门预算,现将收支预算总表公开"
    assert proved(classify_items, title="2014年部门预算公开", body=body) == {
        "budget.department-budget"
    }


def test_a_vetoed_page_is_kept_with_its_veto_as_a_signal(classify_items):
    match = classify(classify_items, "区财政局召开部门预算公开工作部署会")[
        "budget.department-budget"
    ]
    assert match.vetoed and match.score == 0
    assert {("veto", "召开"), ("veto", "部署会")} <= {(s.kind, s.phrase) for s in match.signals}


def test_item_negative_names_another_item(classify_items):
    assert classify(classify_items, "关于财政预算执行的部门预算说明")[
        "budget.government-budget"
    ].vetoed
    assert classify(classify_items, "关于做好2015年部门预算编制的说明")[
        "budget.department-budget"
    ].vetoed


def test_a_marker_inside_the_items_own_genre_does_not_veto_it(classify_items):
    assert "food-drug.incidents" in proved(
        classify_items, title="区食药局就食品安全事件召开新闻发布会"
    )
    assert proved(classify_items, title="区食药局召开食品安全事件处置工作会议部署会") == set()


def test_the_genre_closing_a_notice_decides_what_it_is(classify_items):
    assert "food-drug.incidents" in proved(classify_items, title="关于开展食品安全事件处置情况")
    assert proved(classify_items, title="关于开展2014年部门预算公开工作的通知") == set()


def test_variants_and_short_insertions_of_the_subject_match(classify_items):
    assert "land.requisition" in proved(
        classify_items, title="那马镇2014年第二批征占地补偿安置方案公告"
    )
    assert "land.requisition" in proved(classify_items, title="大塘镇征收农民集体土地告知书")
    assert "land.requisition" not in proved(
        classify_items, title="征收工作进展及土地利用规划公告栏"
    )


def test_generic_title_is_read_through_body_and_attachment_names(classify_items):
    body = "现将那马镇征收土地补偿安置方案公告如下。补偿标准:水田每亩……安置途径:货币安置"
    assert proved(classify_items, title="公示", body=body) == {"land.requisition"}
    files = ("2014年第3批征地公告.doc",)
    assert proved(classify_items, title="2014年第3批", body="地类:旱地", files=files) == {
        "land.requisition"
    }
    assert proved(classify_items, title="公示", body="现将2014年度先进个人名单予以公示") == set()


def test_quotes_spaces_and_fullwidth_digits_are_folded(classify_items):
    assert "budget.three-public" in proved(classify_items, title="２０１４年“三公” 经费")


def test_nested_phrases_are_all_found(classify_items):
    regex = trie_regex(["部门预算", "预算", "部门"])
    assert regex.findall("部门预算") == ["部门预算"]
    assert {"部门预算"} <= Matcher(classify_items.CHECKLIST).found(fold("x部门预算y"))


def test_page_fields_survive_hostile_facts():
    page = {
        "url": "http://a.example/X",
        "title": "t",
        "facts": {
            "title": None,
            "breadcrumb": "notalist",
            "attachments": [None, 3],
            "catalog": ["bad"],
            "text": 12,
        },
    }
    fields = page_fields(page)
    assert fields.titles == "|t|" and fields.urls == "http://a.example/x"


def test_page_fields_use_catalog_name_document_number_and_breadcrumb(classify_items):
    page = {
        "url": "http://a.example/1",
        "facts": {
            "title": "详细信息",
            "catalog": {"name": "2014年部门预算", "doc_no": "良财〔2014〕3号"},
            "breadcrumb": ["首页", "部门预决算"],
            "attachments": [{"url": "u", "text": "收支预算总表.xls"}],
        },
    }
    found = [m for m in Matcher(classify_items.CHECKLIST).classify(page_fields(page)) if m.proves]
    assert [m.item for m in found] == ["budget.department-budget"]
    assert "良财〔2014〕3号" in page_fields(page).titles


def test_page_items_is_the_public_entry_point(classify_items):
    assert page_items(
        classify_items.CHECKLIST, title="2014年部门预算公开", column="部门预决算"
    ) == {"budget.department-budget"}
    assert page_items(classify_items.CHECKLIST, title="区财政局召开部门预算部署会") == set()
    files = ["良庆区2014年三公经费公开.xls"]
    assert page_items(classify_items.CHECKLIST, title="附件", attachments=files) == {
        "budget.three-public"
    }


def test_signals_serialise_as_typed_rows(classify_items):
    match = classify(classify_items, "2014年部门预算公开")["budget.department-budget"]
    rows = json.loads(json.dumps([s.as_dict() for s in match.signals]))
    assert {"field": "title", "kind": "subject", "phrase": "部门预算", "weight": 2} in rows


def test_a_title_with_a_genre_but_no_subject_is_read_through_its_body(classify_items):
    body = "经批准,征收六村集体土地8公顷。补偿标准:水田每亩……安置途径:货币安置"
    assert proved(classify_items, title="关于大塘镇六村的公告", body=body) == {"land.requisition"}
    assert (
        proved(classify_items, title="关于大塘镇六村的公告", body="六村召开村民代表大会") == set()
    )
    assert (
        proved(classify_items, title="大塘镇六村春耕见闻", body=body) == set()
    )  # no genre in the title


_SPACE_AND_PUNCTUATION = re.compile(r"[\s\u3000::,,。、;;\"“”'‘’()()\[\]【】<>《》]")


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.sampled_from("财政局 预算\u3000\t\n\xa0\u2003::,,。、;;\"“”'‘’()()[]【】<>《》ab1")
        | st.characters(),
        min_size=150,
        max_size=600,
    )
)
def test_long_and_short_texts_fold_whitespace_and_punctuation_alike(text):
    """A body (long) is cleaned another way than a name (short): both drop exactly the
    whitespace and punctuation a name may be written with or without."""
    assert clean(text) == _SPACE_AND_PUNCTUATION.sub("", text)
    assert clean(text[:100]) == _SPACE_AND_PUNCTUATION.sub("", text[:100])
