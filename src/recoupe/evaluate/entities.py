"""Name-variant merging across the corpus, on a hand-made list of real variant pairs.

tests/gold/entity_variants.tsv holds pairs of names (Zelensky / Zelenskyy, Tchernihiv /
Chernihiv, Mohammed ben Salmane / Mohammed bin Salman) that must become one entity, and
pairs that must stay two (Kim Jong-un / Kim Yo-jong). Each name is put in a document of
its own as a mention of the pair's type and the corpus entity stage (check.entities) is
run; a pair is right when the two mentions get the same entity (``same``) or not
(``apart``). Two settings: each pair alone, and every name in one corpus (where a lone
surname or a shared word may pull names together, as in a real run).

Roles (check.roles): tests/gold/roles-rpm2.tsv holds role phrases of rpm2-fr-dev articles
("le chef de l'Etat", "la garde des Sceaux") with the person who held the role, or none.
The articles of the annotated clusters go through the spaCy stage and the entity stage,
with the rpm2 clusters as events and their topics as stories (the gold grouping, so that
clustering errors do not count here); a case is right when the role mention at its offset
resolves to an entity one of whose names is the gold person (or to none when none is
expected). Precision: right persons over phrases resolved to someone; recall: right
persons over cases with a person.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from recoupe.check.roles import RoleMention
from recoupe.errors import EvalError
from recoupe.model import Corpus, Document, Event, Mention, Meta, Story

GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold" / "entity_variants.tsv"
ROLES_GOLD = GOLD.with_name("roles-rpm2.tsv")


def load_pairs(path: Path = GOLD) -> list[tuple[str, str, str, str]]:
    if not path.is_file():
        raise EvalError(f"{path} not found (run from a checkout of recoupe)")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [(r["a"], r["b"], r["type"], r["expect"]) for r in rows]


def _doc(did: str, name: str, label: str) -> Document:
    mention = Mention(0, len(name), name, label, canonical=name)
    return Document(id=did, source=did, raw=name, format="txt", text=name, entities=[mention])


def _merged(docs: dict[str, Document]) -> dict[str, str | None]:
    from recoupe.check.entities import EntityStage

    EntityStage().run(Corpus(documents=docs))
    return {did: d.entities[0].entity_id for did, d in docs.items()}


def _tally(results: list[tuple[str, bool]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for expect in ("same", "apart"):
        got = [ok for e, ok in results if e == expect]
        out[expect] = {"pairs": len(got), "accuracy": round(sum(got) / len(got), 4) if got else 0.0}
    out["accuracy"] = round(sum(ok for _, ok in results) / len(results), 4) if results else 0.0
    return out


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    result = evaluate_pairs(limit)
    folder = data_dir / "rpm2-fr-dev" / "documents"
    if folder.is_dir():
        result["roles"] = evaluate_roles(folder, limit)
    else:
        result["roles"] = {"skipped": f"{folder} not found (the shared data folder is needed)"}
    return result


def evaluate_pairs(limit: int | None = None) -> dict[str, Any]:
    pairs = load_pairs()[:limit]
    alone: list[tuple[str, bool]] = []
    errors: list[str] = []
    for i, (a, b, label, expect) in enumerate(pairs):
        ids = _merged({f"{i}a": _doc(f"{i}a", a, label), f"{i}b": _doc(f"{i}b", b, label)})
        ok = (ids[f"{i}a"] == ids[f"{i}b"]) == (expect == "same")
        alone.append((expect, ok))
        if not ok:
            errors.append(f"{expect}: {a} / {b}")
    docs = {}
    for i, (a, b, label, _) in enumerate(pairs):
        docs[f"{i:04d}a"] = _doc(f"{i:04d}a", a, label)
        docs[f"{i:04d}b"] = _doc(f"{i:04d}b", b, label)
    ids = _merged(docs)
    together = [
        (expect, (ids[f"{i:04d}a"] == ids[f"{i:04d}b"]) == (expect == "same"))
        for i, (_, _, _, expect) in enumerate(pairs)
    ]
    return {
        "pairs": len(pairs),
        "each_pair_alone": _tally(alone),
        "all_in_one_corpus": _tally(together),
        "errors_alone": errors[:60],
    }


def load_role_cases(path: Path = ROLES_GOLD) -> list[dict[str, str]]:
    if not path.is_file():
        raise EvalError(f"{path} not found (run from a checkout of recoupe)")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_rpm2(path: Path) -> str:
    """An rpm2 article as the gold's offsets count it: UTF-8 without BOM, CRLF as LF."""
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")


def _role_corpus(folder: Path, files: set[str]) -> Corpus:
    from recoupe.nlp.spacy_stage import NlpStage

    clusters = sorted({f.rsplit("_", 1)[0] for f in files})  # T01_C1_05.txt -> T01_C1
    docs = {}
    for cluster in clusters:
        for path in sorted(folder.glob(f"{cluster}_*.txt")):
            text = read_rpm2(path)
            docs[path.name] = Document(
                id=path.name, source=str(path), raw=text, format="txt", text=text,
                meta=Meta(language="fr"),
            )  # fmt: skip
    NlpStage().process_batch(list(docs.values()))
    corpus = Corpus(documents=docs)
    corpus.events = [
        Event(c, c, None, sorted(d for d in docs if d.startswith(c + "_")), story_id=c[:3])
        for c in clusters
    ]
    corpus.stories = [
        Story(t, t, [c for c in clusters if c.startswith(t)])
        for t in sorted({c[:3] for c in clusters})
    ]
    return corpus


def evaluate_roles(folder: Path, limit: int | None = None) -> dict[str, Any]:
    import hashlib

    from recoupe.check.entities import EntityStage
    from recoupe.check.names import variant_key
    from recoupe.check.roles import RoleResolver

    cases = load_role_cases()[:limit]
    for case in cases:
        text = read_rpm2(folder / case["file"])
        start, length = int(case["start"]), int(case["length"])
        phrase = text[start : start + length]
        if hashlib.sha1(phrase.encode()).hexdigest()[:10] != case["sha1"]:
            raise EvalError(f"roles-rpm2.tsv: {case['file']}@{start} does not match its text")
    corpus = _role_corpus(folder, {c["file"] for c in cases})
    EntityStage().run(corpus)
    names = {e.id: {variant_key(n) for n in (e.name, *e.aliases)} for e in corpus.entities}
    resolved = RoleResolver(corpus).mentions
    result = {"all": _score_roles(cases, resolved, names)}
    for name in sorted({c.get("set") or "" for c in cases} - {""}):
        result[name] = _score_roles([c for c in cases if c.get("set") == name], resolved, names)
    return result


def _score_roles(
    cases: list[dict[str, str]], resolved: list[RoleMention], names: dict[str, set[str]]
) -> dict[str, Any]:
    from recoupe.check.names import variant_key

    right = wrong = found = persons = 0
    scopes: dict[str, int] = {}
    errors = []
    for case in cases:
        start, end = int(case["start"]), int(case["start"]) + int(case["length"])
        mention = next(
            (m for m in resolved if m.doc_id == case["file"] and m.start < end and start < m.end),
            None,
        )
        found += mention is not None
        persons += bool(case["person"])
        got = mention.entity_id if mention else None
        if got is None:
            if case["person"]:
                errors.append(f"missed: {case['file']}@{start} {case['person']}")
            continue
        ok = variant_key(case["person"]) in names.get(got, set()) if case["person"] else False
        right += ok
        wrong += not ok
        if ok and mention is not None:
            scopes[mention.scope] = scopes.get(mention.scope, 0) + 1
        if not ok:
            errors.append(f"wrong: {case['file']}@{start} {case['person'] or '(none)'}")
    return {
        "cases": len(cases),
        "with_person": persons,
        "phrases_found": found,
        "resolved": right + wrong,
        "precision": round(right / (right + wrong), 4) if right + wrong else 0.0,
        "recall": round(right / persons, 4) if persons else 0.0,
        "right_by_scope": scopes,
        "errors": errors,
    }
