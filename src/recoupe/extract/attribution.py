"""Who says it: speech verbs and their subjects, shared by quotes and claims.

The French md parser often labels an inverted subject as an object ("« … », a martelé la
ministre": ministre = obj), so after a cue verb the noun phrase that follows it is read
by a window rule; before the verb the parse (nsubj) is used, with a window fallback for
pipelines without a parser (the blank English one).
"""

from __future__ import annotations

from dataclasses import dataclass

from recoupe.extract.doc_index import DocIndex
from recoupe.extract.lexicon import cues, quantities

# Subject pronouns that point back to an earlier speaker ("a-t-il ajouté" -> "-t", "-il").
# "qui"/"who" (a relative subject: "Dati, qui a affirmé …") stands for the name before it.
PRONOUNS = frozenset({"il", "elle", "ils", "elles", "t", "he", "she", "they", "qui", "who"})
# English verbs whose noun phrase after them is the addressee, never an inverted subject.
_ADDRESSEE_VERBS = frozenset({"tell", "tells", "told", "telling"})
# After "selon"/"according to" the pronoun is the stressed form: "selon lui", "selon eux".
STRESSED_PRONOUNS = frozenset({"lui", "eux", "him", "her", "them"})
_NP_POS = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM"})
_PREPOSITIONS = frozenset({"de", "du", "des", "d'", "of"})
_NP_LINKS = frozenset({"de", "du", "des", "d'", "of", "la", "l'", "the"})
# Words between the auxiliary and the verb or around it that are not part of a subject.
_SKIP_WORDS = frozenset({"a", "avait", "ont", "avaient", "aurait", "has", "had", "have", "also"})
# A speaker is a name or a short role ("le porte-parole du ministère russe de la Défense");
# 10 tokens cover every role seen in the seeds and stop runaway phrases.
MAX_SPEAKER_TOKENS = 10


@dataclass(slots=True)
class Speaker:
    text: str
    start: int
    end: int
    pronoun: bool = False


def cue_lemma(ix: DocIndex, i: int) -> str | None:
    """The lexicon lemma when token ``i`` is a speech verb, else None."""
    t = ix.tokens[i]
    c = cues()
    if t.pos and t.pos not in ("VERB", "AUX"):
        if ix.english:
            return None
        return _inverted_verb(ix, i) or _participle_after_auxiliary(ix, i)
    lemma = t.lemma.lower()
    if lemma in c.phrases and (phrase := _phrase_cue(ix, i, c.phrases[lemma])):
        return phrase
    if lemma in c.verbs:
        return lemma
    if ix.english:  # the blank English pipeline has no lemmas: match inflected forms
        return c.english_forms.get(ix.word(i).lower())
    if (inverted := _inverted_verb(ix, i)) is not None:
        return inverted  # a verb the md lemmatiser got wrong ("estime" -> "estime")
    if (
        lemma == ix.word(i).lower()
        and lemma + "r" in c.verbs
        and i + 1 < len(ix.tokens)
        and ix.word(i + 1).lower() in ("que", "qu'")
    ):
        # "Le syndicat estime que": the md lemmatiser leaves some -er verbs as written;
        # before "que" the form + "r" is the verb. French gold: 4 more quotes found (F1
        # 0.927 -> 0.930); right speakers even +0, odd -2 alone, +3 with the "l'élue"
        # gender of speakers._role_article_before; with "le syndicat" even +3.
        return lemma + "r"
    if lemma in c.inverted and _inverted_position(ix, i):
        return lemma
    return None


def _phrase_cue(
    ix: DocIndex, i: int, phrases: tuple[tuple[tuple[str, ...], str], ...]
) -> str | None:
    """A multi-word cue starting at verb ``i``: "a mis en garde", "a fait savoir"."""
    for rest, cue in phrases:
        end = i + 1 + len(rest)
        if end <= len(ix.tokens) and all(
            ix.word(i + 1 + k).lower() == w for k, w in enumerate(rest)
        ):
            return cue
    return None


def _inverted_position(ix: DocIndex, i: int) -> bool:
    """Is verb ``i`` in the incise after a quote: an inverted subject pronoun beside it
    ("a-t-elle lancé", "lance-t-il"), or the quote's closing mark and a comma just before
    it, the auxiliary aside ("« … », lance le maire", "« … », a lancé le maire")?"""
    if i + 1 < len(ix.tokens) and (
        split_pronoun(ix, i + 1) is not None
        or (ix.word(i + 1).startswith("-") and _is_pronoun(ix, i + 1))
    ):
        return True
    j = i - 1
    if j >= 0 and ix.word(j).startswith("-") and _is_pronoun(ix, j):
        return True
    if j >= 0 and ix.tokens[j].pos == "AUX":
        j -= 1
    before = ix.text[max(0, ix.tokens[j].end - 4) : ix.tokens[j].end] if j >= 0 else ""
    return j >= 0 and ix.word(j) == "," and any(m in before for m in '»"”')


def _inverted_verb(ix: DocIndex, i: int) -> str | None:
    """A word followed by an inverted subject pronoun ("estime-t-il", "affirme-t-elle") is
    a verb whatever the tagger said (the md tagger reads "estime" as ADV or NOUN after a
    quote); its lemma is the tagger's or, for the -er verbs most cues are, the word + r."""
    if i + 1 >= len(ix.tokens) or not ix.word(i + 1).startswith("-"):
        return None
    if not _is_pronoun(ix, i + 1) and split_pronoun(ix, i + 1) is None:
        return None
    word = ix.word(i).lower()
    verbs = cues().verbs
    for lemma in (ix.tokens[i].lemma.lower(), word + "r", word):
        if lemma in verbs:
            return lemma
    return None


def _participle_after_auxiliary(ix: DocIndex, i: int) -> str | None:
    """A past participle the md tagger reads as an adjective after an auxiliary or an
    inverted pronoun ("a-t-il martelé", "a martelé" tagged ADJ) is the speech verb."""
    lemma = ix.tokens[i].lemma.lower()
    if ix.tokens[i].pos != "ADJ" or lemma not in cues().verbs or i == 0:
        return None
    before = ix.tokens[i - 1]
    if before.pos == "AUX" or (ix.word(i - 1).startswith("-") and _is_pronoun(ix, i - 1)):
        return lemma
    return None


def split_pronoun(ix: DocIndex, i: int) -> int | None:
    """The index of an inverted subject pronoun the tokenizer split from its hyphens
    ("explique-t-il" -> "explique", "-", "t", "-", "il"), when token ``i`` starts it."""
    j = i
    n = len(ix.tokens)
    if j < n and ix.word(j) == "-":
        j += 1
        if j + 1 < n and ix.word(j).lower() == "t" and ix.word(j + 1) == "-":
            j += 2
        if j < n and _is_pronoun(ix, j):
            return j
    return None


def pronoun_speaker(ix: DocIndex, i: int) -> Speaker:
    """The pronoun at token ``i`` as a speaker. The euphonic "-t" the tokenizer splits
    from "déclare-t-il" takes in the pronoun after it ("-t-il"): "-t" alone has no
    gender, and every "a-t-elle ajouté" was resolved as if to anyone. French gold: even
    ids -4 right speakers, odd +2 alone (a union's "ajoute-t-il" no longer goes to the
    union); with speakers._learn_gender, even -2, odd +2."""
    end = i
    if ix.word(i).lower().strip("-") == "t" and i + 1 < len(ix.tokens) and _is_pronoun(ix, i + 1):
        end = i + 1
    start_char, end_char = ix.tokens[i].start, ix.tokens[end].end
    return Speaker(ix.text[start_char:end_char], start_char, end_char, pronoun=True)


def _is_pronoun(ix: DocIndex, i: int) -> bool:
    return ix.word(i).lower().strip("-").removeprefix("t-") in PRONOUNS


def _np_like(ix: DocIndex, i: int) -> bool:
    t = ix.tokens[i]
    if t.pos:
        return t.pos in _NP_POS or t.ent != ""
    w = ix.word(i)  # no tagger: capitalised words ("Defence Minister Anna Varga", "Mr.")
    return w[:1].isupper() or w.lower() in ("the", "mr.", "mr", "mrs.", "ms.")


def _speaker_from_span(ix: DocIndex, lo: int, hi: int, head: int | None) -> Speaker | None:
    """A speaker from tokens lo..hi: a name found in it, else the phrase as a role."""
    while lo <= hi and (ix.is_punct(lo) or ix.tokens[lo].pos == "ADP"):
        lo += 1
    while hi >= lo and (ix.is_punct(hi) or ix.word(hi).lower() in _NP_LINKS):
        hi -= 1
    if hi < lo:
        return None
    start, end = ix.tokens[lo].start, ix.tokens[hi].end
    candidates = []
    for m in ix.mentions_in(start, end):
        if m.label not in ("PER", "ORG", "MISC", "LOC"):
            continue
        # "le maître du Kremlin": a name after "du" qualifies a role, it is not the speaker.
        if _after_preposition(ix, ix.last_token_before(m.start), lo):
            continue
        # An ORG beside a role noun ("le porte-parole de l'ONU") is the role's, not the
        # speaker; a person beside it ("Defence Minister Anna Varga") is the speaker.
        beside_head = head is not None and not (m.start <= ix.tokens[head].start < m.end)
        if beside_head and m.label != "PER":
            continue
        before = ix.last_token_before(m.start)
        if (
            m.label != "PER"
            and before >= lo
            and ix.tokens[before].pos == "NOUN"
            and ix.word(before)[:1].islower()
            and ix.tokens[before].lemma.lower() != ix.word(before).lower()
        ):
            # "a insisté le porte-parole des élus Écologistes": a name right after a plural
            # noun qualifies it; the role speaks ("l'agence TASS" names the agency).
            # French gold: even ids +1, odd 0 (+1 without the plural test, which broke "selon
            # l'agence TASS")
            continue
        candidates.append(m)
    # A person in the phrase speaks, not the ministry named before them ("said Defence
    # Minister Anna Varga": the English parser tags "Defence" ORG).
    chosen = next((m for m in candidates if m.label == "PER"), None) or next(iter(candidates), None)
    if chosen is not None:
        return Speaker(chosen.canonical or chosen.text, chosen.start, chosen.end)
    return Speaker(ix.text[start:end], start, end)


def _after_preposition(ix: DocIndex, i: int, lo: int) -> bool:
    """Is token ``i`` "de"/"du"/"of", or an article right after one ("de la", "of the")?"""
    if i < lo:
        return False
    word = ix.word(i).lower()
    if word in _PREPOSITIONS:
        return True
    return word in ("la", "l'", "the") and i - 1 >= lo and ix.word(i - 1).lower() in _PREPOSITIONS


def np_after(ix: DocIndex, i: int, stop: int) -> Speaker | None:
    """The subject written after a cue verb: "a déclaré V. Poutine", "a-t-il ajouté"."""
    n = min(stop, len(ix.tokens))
    if ix.english and i > 0 and ix.word(i - 1).lower() in _ADDRESSEE_VERBS:
        return None  # '"…," McCallum told reporters': after "told" comes who was told
    i = _past_phrase(ix, i)
    time_words = quantities().weekdays
    while i < n and (
        ix.tokens[i].pos == "ADV"
        or ix.word(i).lower() in _SKIP_WORDS
        or ix.word(i).lower() in time_words
    ):
        i += 1
    if i < n and (k := split_pronoun(ix, i)) is not None:
        i = k
    if i < n and (_is_pronoun(ix, i) or ix.word(i).lower() in STRESSED_PRONOUNS):
        return pronoun_speaker(ix, i)
    if i > 0 and ix.word(i - 1).lower() == "lors" and ix.word(i).lower() in _PREPOSITIONS:
        # "a-t-il redit lors de sa tournée": the tagger makes "lors" an adverb,
        # skipped above; what follows "lors de" is no subject ("a-t-on appris auprès
        # du syndic Orvanne" names the source, kept). French gold: even ids +1.
        return None
    j = i
    while j < n and j - i < MAX_SPEAKER_TOKENS and not ix.is_punct(j):
        if not (_np_like(ix, j) or ix.word(j).lower() in _NP_LINKS):
            break
        j += 1
    if j == i:
        return None
    return _speaker_from_span(ix, i, j - 1, None)


def _past_phrase(ix: DocIndex, i: int) -> int:
    """The token after the rest of a multi-word cue whose verb is token i - 1 ("a mis
    en garde X" -> X), else ``i``."""
    if i == 0 or i > len(ix.tokens):
        return i
    for rest, _cue in cues().phrases.get(ix.tokens[i - 1].lemma.lower(), ()):
        end = i + len(rest)
        if end <= len(ix.tokens) and all(ix.word(i + k).lower() == w for k, w in enumerate(rest)):
            return end
    return i


def person_after_phrase(ix: DocIndex, i: int, stop: int) -> Speaker | None:
    """The person named after a phrase between the verb and its inverted subject: "a
    affirmé sur RTL Mme Dati", "a-t-il dit lundi à l'AFP", "said on Tuesday Mr Ford". Only a
    PER mention counts, and only before the clause ends (a comma or stop)."""
    n = min(stop, len(ix.tokens))
    j = i
    while j < n and not ix.is_punct(j):
        m = ix.mention_covering(ix.tokens[j].start, ix.tokens[j].end)
        if m is not None and m.label == "PER":
            return Speaker(m.canonical or m.text, m.start, m.end)
        j += 1
    return None


def np_before(ix: DocIndex, v: int, floor: int) -> Speaker | None:
    """The subject written just before a cue verb, without a parse: "Smith said"."""
    i = v - 1
    while i > floor and (ix.tokens[i].pos in ("AUX", "ADV") or ix.word(i).lower() in _SKIP_WORDS):
        i -= 1
    # "l'Union régionale des boulangers (URB) dénonce": the acronym in brackets
    # repeats the subject before it.
    if i - 3 > floor and ix.word(i) == ")" and ix.word(i - 2) == "(":
        i -= 3
    if i > floor and _is_pronoun(ix, i):
        return pronoun_speaker(ix, i)
    if i > floor and ix.word(i) == ",":
        # "Anne Morel, a estimé", "le préfet de la Gironde, Marc Olivier, a indiqué": a
        # subject set off by a comma; only a person counts there ("Le colonel, qui a
        # indiqué que …, a souligné" leaves a clause's last words before the comma).
        # French gold: even ids +3 right speakers, odd 0.
        j = i - 1
        while j > floor and i - j <= MAX_SPEAKER_TOKENS and not ix.is_punct(j):
            j -= 1
        if j < i - 1:
            m = ix.mention_covering(ix.tokens[i - 1].start, ix.tokens[i - 1].end)
            if m is not None and m.label == "PER" and m.start >= ix.tokens[j + 1].start:
                return Speaker(m.canonical or m.text, m.start, m.end)
        return None
    j = i
    while j > floor and i - j < MAX_SPEAKER_TOKENS and not ix.is_punct(j):
        if not (_np_like(ix, j) or ix.word(j).lower() in _NP_LINKS):
            break
        j -= 1
    if j == i:
        return None
    return _speaker_from_span(ix, j + 1, i, None)


def parsed_subject(ix: DocIndex, v: int) -> Speaker | None:
    """The nsubj of a cue verb. A verb without one ("…, ajoutant que", "précisant que")
    hangs on the verb whose subject speaks: climb the heads to the next cue verb that has a
    subject; 4 steps cover "a affirmé que son pays « … », ajoutant que …" in the seeds."""
    fallback: Speaker | None = None
    for step in range(5):
        subj = [c for c in ix.children[v] if is_subject_dep(ix.tokens[c].dep)]
        if subj and (step == 0 or cue_lemma(ix, v) is not None):
            # "Évoquant une « situation intenable », la ministre Anne Morel a estimé": a
            # subject inside the marks is the parser's error, the next one speaks. With
            # _named_first: French gold even ids +3 right speakers, odd +1; ggt-en +2.
            phrases = (subject_phrase(ix, s) for s in _named_first(ix, subj))
            return next((p for p in phrases if p is not None), None)
        if subj and fallback is None:
            # "Poutine a été cité … comme ayant déclaré : « … »": a named subject on the
            # way up is the best guess when no cue verb above has one.
            phrase = subject_phrase(ix, subj[0])
            if phrase is not None and ix.mention_covering(phrase.start, phrase.end):
                fallback = phrase
        head = ix.tokens[v].head
        if head == v or (subj and step == 0):
            break
        v = head
    return fallback


def _named_first(ix: DocIndex, subjects: list[int]) -> list[int]:
    """A verb's subjects, names first: the md parser gives "Le ministre de la Justice Marc
    Olivier a déclaré" two, the role and the name written without a comma; the role alone
    would then be resolved to someone else."""
    named = [s for s in subjects if ix.word(s)[:1].isupper() and ix.tokens[s].pos in ("PROPN", "X")]
    return named + [s for s in subjects if s not in named]


def is_subject_dep(dep: str) -> bool:
    # "a-t-il affirmé": the md parser labels "-t" expl:subj.
    return dep.startswith("nsubj") or dep == "expl:subj"


def _inside_marks(ix: DocIndex, char: int) -> bool:
    """Is ``char`` between quote marks opened earlier in its paragraph (marks never span
    one, as in extract/quotes.py)? A subject the parser finds there is the quoted words'
    own ("« Des chocs violents sont à venir », a mis en garde …": "chocs" does not speak).
    The marks are paired the way extract/quotes.py pairs them (a straight " opens only at
    the start of a word): counting them instead read a whole OrangeSum article, one line
    with a stray mark in it (« qu"aucune »), as quoted from there on. French gold: even
    ids +2 right speakers and 2 more quotes matched (F1 0.925 -> 0.927)."""
    expected: list[str] = []
    text = ix.text
    for i in range(text.rfind("\n", 0, char) + 1, char):
        ch = text[i]
        if expected and ch == expected[-1]:
            expected.pop()
        elif ch == '"' and '"' in expected:  # an inner quote left open
            while expected.pop() != '"':
                pass
        elif ch in _OPENERS and _opens_at(text, i):
            expected.append(_OPENERS[ch])
    return bool(expected)


_OPENERS = {"«": "»", "“": "”", "‹": "›", '"': '"', "„": "“"}


def _opens_at(text: str, i: int) -> bool:
    if text[i] != '"':
        return True
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and not after.isspace()


def subject_phrase(ix: DocIndex, s: int) -> Speaker | None:
    # Not in English: ggt texts leave a quote open at a paragraph's end when the next
    # paragraph goes on quoting, which reads as "inside"; measured there, the check cost
    # 3 quotes and 0.002 of speaker accuracy, where it gains 0.025 on the French gold.
    if not ix.english and _inside_marks(ix, ix.tokens[s].start):
        return None
    if _is_pronoun(ix, s):
        return pronoun_speaker(ix, s)
    lo, hi = ix.subtree(s)
    # The subject's own phrase: cut at punctuation. A person named in apposition
    # ("Le porte-parole de la mairie, Marc Delorme, a indiqué") is the speaker.
    a, b = s, s
    while a - 1 >= lo and not ix.is_punct(a - 1):
        a -= 1
    while b + 1 <= hi and not ix.is_punct(b + 1) and b + 1 - a < MAX_SPEAKER_TOKENS:
        b += 1
    if hi - lo < 2 * MAX_SPEAKER_TOKENS:
        for m in ix.mentions_in(ix.tokens[lo].start, ix.tokens[hi].end):
            if m.label == "PER" and not ix.tokens[a].start <= m.start < ix.tokens[b].end:
                return Speaker(m.canonical or m.text, m.start, m.end)
    return _speaker_from_span(ix, a, b, s)


def clause_start(ix: DocIndex, start: int) -> int:
    """Where the sentence starting at ``start`` really starts: the md parser also ends
    sentences at a name or a hyphen ("…, Ségolène Royal | a répondu : « … »"); a sentence
    before that does not end in a full stop, a question or an exclamation mark (or a
    line break) is the same one."""
    text = ix.text
    k = start
    while k > 0:
        prev = ix.sentence_at(k - 1)
        if prev.start >= k or "\n" in text[prev.start : k]:
            break
        if text[prev.start : k].rstrip()[-1:] in (".", "!", "?", "»", '"', "”", ":", ""):
            break
        k = prev.start
    return k
