"""Who is the grammatical subject near a point of the text: the person subject of the
verb of a main clause before a quote (``person_subject_near``), the latest subject
(``latest_subject``), a proper noun the parser left before its verb
(``proper_subject_before``). Split from extract/speakers.py, which resolves pronouns and
quotes with no cue of their own with them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from recoupe.extract.attribution import Speaker
from recoupe.extract.doc_index import DocIndex, inside
from recoupe.model import Mention


def is_person(m: Mention) -> bool:
    """A PER mention that is a name: the md NER also tags roles ("président de la
    République"), which a pronoun or a role must not be resolved to."""
    return m.label == "PER" and m.text[:1].isupper()


def person_subject_near(
    ix: DocIndex, char: int, quoted: list[tuple[int, int]], before: int = 1
) -> Speaker | None:
    """A person who is the subject of a verb in the quote's sentence before it or in the
    ``before`` sentences just before: the topic a following "he said" most often points
    back to."""
    sentences = ix.doc.sentences
    k = bisect_left([s.end for s in sentences], char + 1)  # the quote's sentence
    # Back to the sentence before that has words: the md parser makes a lone opening mark
    # glued to a full stop ('…général."Le patron…') or a hyphenated name a sentence.
    j = k - before
    while j > 0 and not any(c.isalpha() for c in ix.text[sentences[j].start : sentences[j].end]):
        j -= 1
    floor = sentences[j].start if 0 <= j < len(sentences) else 0
    last = ix.last_token_before(char)
    for i in range(last, ix.first_token_from(floor) - 1, -1):
        # A name's last word hangs on its first ("Ingrid" <- "Levavasseur": flat:name).
        word = i
        while ix.tokens[word].dep.startswith("flat") and ix.tokens[word].head != word:
            word = ix.tokens[word].head
        if not ix.english and ix.tokens[word].dep == "appos" and ix.tokens[word].head != word:
            # "L'ancienne ministre, Cécile Roy, avait défendu": the name set beside the
            # subject noun is the subject. French gold: even ids +1; on ggt-en it cost 2
            # ("Yellowhead MP Jim Eglinski": the small English parse), so French only.
            word = ix.tokens[word].head
        dep = ix.tokens[word].dep
        subject = dep.startswith("nsubj") and _main_clause(ix, word)
        # Where the parse saw no subject at all, a name right before a verb is one.
        if not subject and (dep.startswith("nsubj") or not _name_before_verb(ix, i)):
            continue
        m = ix.mention_covering(ix.tokens[i].start, ix.tokens[i].end)
        if m is not None and is_person(m) and not inside(m.start, m.end, quoted):
            return Speaker(m.canonical or m.text, m.start, m.end)
    return None


# Clauses whose subject is the sentence's topic: the main verb, one coordinated with it
# or set beside it. A subject inside a clause the main verb governs ("…, considérant
# qu'Ingrid Levavasseur était discréditée", "Jean says that Paul…") is talked about.
_MAIN_CLAUSE = frozenset({"ROOT", "conj", "parataxis"})


def _main_clause(ix: DocIndex, i: int) -> bool:
    head = ix.tokens[i].head
    return 0 <= head < len(ix.tokens) and ix.tokens[head].dep in _MAIN_CLAUSE


def latest_subject(
    ix: DocIndex, char: int, agrees: Callable[[str], bool], quoted: list[tuple[int, int]]
) -> Speaker | None:
    """The latest person before ``char``, outside quotes, who is a clause's subject: the
    topic of a paragraph, not a name an object or an apposition brings in ("la première
    dame soutient Andréa Bescond, … « … », affirme-t-elle" is Brigitte Macron's)."""
    for m in reversed(ix.mentions[: bisect_left([m.start for m in ix.mentions], char)]):
        name = m.canonical or m.text
        if not is_person(m) or m.end > char or not agrees(name) or inside(m.start, m.end, quoted):
            continue
        lo, hi = ix.first_token_from(m.start), ix.last_token_before(m.end)
        if any(ix.tokens[i].dep.startswith("nsubj") for i in range(lo, hi + 1)) or (
            hi >= 0 and _name_before_verb(ix, hi)
        ):
            return Speaker(name, m.start, m.end)
    return None


def _name_before_verb(ix: DocIndex, i: int) -> bool:
    """A name right before a finite verb is its subject whatever the parse says: the md
    parser cuts "Agnès Pannier-Runacher a indiqué" into three sentences at the hyphen."""
    after = i + 1
    # French object and reflexive clitics sit between the subject and its verb ("Edouard
    # Philippe s'est ensuite repris"). French gold: even ids +3 right speakers, odd 0.
    while after < len(ix.tokens) and ix.word(after).lower() in _CLITICS:
        after += 1
    return (
        after < len(ix.tokens)
        and ix.tokens[i].pos == "PROPN"
        and ix.tokens[after].pos in ("AUX", "VERB")
        and ix.tokens[i].dep != "nmod"
    )


_CLITICS = frozenset(
    {"s'", "se", "ne", "n'", "l'", "le", "la", "les", "lui", "leur", "y", "en", "m'", "me"}
    | {"t'", "te", "nous", "vous"}
)


def proper_subject_before(ix: DocIndex, char: int) -> Speaker | None:
    for i in range(ix.last_token_before(char), -1, -1):
        t = ix.tokens[i]
        if t.pos == "PROPN" and t.dep.startswith("nsubj"):
            m = ix.mention_covering(t.start, t.end)
            if m is not None and m.label == "LOC":
                continue  # "L'Irlande a voté …" is no "il" (even ids +1, odd 0)
            lo, hi = ix.subtree(i)
            while lo < i and ix.tokens[lo].pos not in ("PROPN", "PUNCT"):
                lo += 1
            return Speaker(
                ix.text[ix.tokens[lo].start : ix.tokens[hi].end],
                ix.tokens[lo].start,
                ix.tokens[hi].end,
            )
    return None
