"""Three-letter labels for a set's areas, made from their names where the set brings none of its own.

A map writes each area's label where its name does not fit, so every label must differ from every other in
the set. Labels are made in ONS-code order, each the first of its name's candidates no earlier area took:
the initials of three or more words ("Bournemouth, Christchurch and Poole": BCP), the first word's first three
letters ("Manchester": MAN), the first letter of one word with two of the next, then the first letter with any
two later letters of the name in order. The same names always give the same labels.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterator, Mapping

# Words that name no place ("Kingston upon Hull, City of"): left out of the initials and the first word.
_LINKING_WORDS = frozenset({"and", "of", "the", "upon", "on", "under", "in", "le", "with", "by", "city", "county"})


def generated_labels(names: Mapping[str, str]) -> dict[str, str]:
    """ONS code -> a three-capital-letter label, unique among ``names`` (ONS code -> name)."""
    taken: set[str] = set()
    labels = {}
    for code in sorted(names):
        label = next(candidate for candidate in _candidates(names[code]) if candidate not in taken)
        taken.add(label)
        labels[code] = label
    return labels


def _candidates(name: str) -> Iterator[str]:
    """Labels for ``name``, best first; ends with every label from AAA to ZZZ, so one is always free."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    words = re.findall(r"[A-Z]+", ascii_name)
    places = [word for word in words if word.casefold() not in _LINKING_WORDS] or words
    if len(places) >= 3:
        yield "".join(word[0] for word in places[:3])
    if places and len(places[0]) >= 3:
        yield places[0][:3]
    for first, second in zip(places, places[1:]):
        if len(second) >= 2:
            yield first[0] + second[:2]
        if len(first) >= 2:
            yield first[:2] + second[0]
    letters = "".join(places)
    for i, j in itertools.combinations(range(1, len(letters)), 2):
        yield letters[0] + letters[i] + letters[j]
    for triple in itertools.product(string.ascii_uppercase, repeat=3):
        yield "".join(triple)
