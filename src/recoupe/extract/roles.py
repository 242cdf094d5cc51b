"""Role speakers resolved to the person the document names in that role.

"« … », a déclaré la ministre des Transports" names no one, but the same article often
says "la ministre des Transports, Hélène Sauvade," or "Hélène Sauvade, ministre des
Transports": the quote is hers. Only adjacency counts (the name right after the role, or
right before it with a comma): looser matching would hand quotes to the wrong person.
Across documents and for roles never spelled next to a name, see the entities work.
"""

from __future__ import annotations

import re

from recoupe.model import Document, Mention

_DETERMINER = re.compile(
    r"^(?:la|le|les|l'|son|sa|ses|leur|leurs|cette|ce|the|its|their|his|her)\s*", re.I
)
# What may stand between a role and the name it introduces: "la ministre des Transports,
# Hélène Sauvade" / "le ministre de l'Agriculture Firmin Leclos".
_ROLE_THEN_NAME = re.compile(r"^,?\s*(?:M\.|Mme|Mr\.?|Mrs\.?|Ms\.?)?\s*$")
# ...and between a name and its role: "Hélène Sauvade, ministre" / ", la ministre".
_NAME_THEN_ROLE = re.compile(r"^\s*,\s*(?:la|le|l'|the)?\s*$", re.I)


def role_core(speaker: str) -> str:
    return _DETERMINER.sub("", speaker.strip()).strip()


def person_in_role(doc: Document, speaker: str) -> Mention | None:
    """The person named next to ``speaker`` (a role phrase) in ``doc``, if any."""
    core = role_core(speaker)
    if len(core) < 4 or core[:1].isupper():  # a name, not a role ("Poutine")
        return None
    persons = sorted((m for m in doc.entities if m.label == "PER"), key=lambda m: m.start)
    if not persons:
        return None
    text = doc.text
    for occurrence in re.finditer(re.escape(core), text, flags=re.I):
        for m in persons:
            if 0 <= m.start - occurrence.end() <= 6 and _ROLE_THEN_NAME.match(
                text[occurrence.end() : m.start]
            ):
                return m
            if 0 <= occurrence.start() - m.end <= 6 and _NAME_THEN_ROLE.match(
                text[m.end : occurrence.start()]
            ):
                return m
    return None
