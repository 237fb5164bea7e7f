"""Everything a page, an export or a document shows, from one store: the one path to every number.

The dashboard and the command line both read rounds, scores, rank intervals, clusters, partners,
benchmarks and briefings here, so neither can work a number out differently (the dashboard keeps one
``StoredResults`` per store in Streamlit's resource cache; the command line makes one per command).

One cache policy: a result is worked out once per store revision (``SurveyStore.revision``, which a
write anywhere changes), by whoever first asks while others asking for the same wait, and kept while
that revision is one of the two latest seen (a run that began before a write finishes on what it
began with). Results are shared between readers: callers never change what they are given.
Scores and rank intervals are also kept in the store itself (``models.stored``) for a process
starting cold.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

import pandas as pd

from models.benchmark import BoroughBenchmark, LondonBriefing, RankIntervals, ScoredRound, borough_benchmark, london_briefing
from models.clustering import MaturityClusters, why_not_clustered
from models.disclosure import disclosed, disclosed_item_means
from models.peers import partner_candidates
from models.scoring import MaturityScorer
from models.sensitivity import sensitivity
from models.stored import round_rank_intervals, round_scores
from models.uncertainty import RankUncertainty
from survey.framework import Framework
from survey.pilots import PilotLibrary, load_pilots
from survey.settings import Settings
from survey.store import PROVISIONAL, SurveyStore

T = TypeVar("T")
REVISIONS_KEPT = 2


@dataclass
class _Entry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: bool = False
    value: object = None


class _PerRevision:
    """Results kept per store revision, each worked out once however many threads ask at the same time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._revisions: OrderedDict[str, dict[Hashable, _Entry]] = OrderedDict()

    def get(self, revision: str, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            entries = self._revisions.get(revision)
            if entries is None:
                entries = self._revisions[revision] = {}
                while len(self._revisions) > REVISIONS_KEPT:
                    self._revisions.popitem(last=False)
            else:
                self._revisions.move_to_end(revision)
            entry = entries.setdefault(key, _Entry())
        with entry.lock:  # a failed computation leaves the entry undone: the next reader tries again
            if not entry.done:
                entry.value, entry.done = compute(), True
        return entry.value  # type: ignore[return-value]  # stored by ``compute`` under this key


class StoredResults:
    """The rounds of ``store`` and everything derived from them, under ``settings``.

    Parameters
    ----------
    store : SurveyStore
    framework : Framework
        Today's framework: the one rounds saved before frameworks were kept are read with, and the
        one the pilot library is checked against.
    settings : Settings
        Read for the method's parameters (``ranks.*``, ``clusters.bootstrap``, ``privacy.min_respondents``,
        ``gaps.target_level``, the pilots file).
    pilots : PilotLibrary, optional
        The pilot library, when the caller has already read it (else read from the settings' file when first needed).
    """

    def __init__(self, store: SurveyStore, framework: Framework, settings: Settings,
                 pilots: PilotLibrary | None = None) -> None:
        self.store, self.framework, self.settings = store, framework, settings
        self._kept = _PerRevision()
        self._pilots = pilots
        self._frameworks: dict[str, Framework] = {}

    @property
    def min_respondents(self) -> int:
        return int(self.settings["privacy.min_respondents"])

    @property
    def pilots(self) -> PilotLibrary:
        """The pilot library (read once: it is a file shipped with the code, not stored data)."""
        if self._pilots is None:
            self._pilots = load_pilots(self.framework, self.settings)
        return self._pilots

    def saved_framework(self, sha256: str) -> Framework:
        """A framework kept in the store (a round's or a collection's), by its SHA-256."""
        if sha256 == self.framework.sha256:
            return self.framework
        if sha256 not in self._frameworks:  # frameworks are kept for good under their hash
            self._frameworks[sha256] = self.store.framework(sha256)
        return self._frameworks[sha256]

    def at(self, revision: str | None = None) -> RoundResults:
        """The results as of ``revision`` (the store's current one if not given)."""
        return RoundResults(self, self.store.revision() if revision is None else revision)


class RoundResults:
    """The results at one store revision (``StoredResults.at``): every method reads through the shared cache."""

    def __init__(self, results: StoredResults, revision: str) -> None:
        self.results, self.revision = results, revision

    def _kept(self, key: Hashable, compute: Callable[[], T]) -> T:
        return self.results._kept.get(self.revision, key, compute)

    def rounds(self) -> pd.DataFrame:
        """Every stored round, in round order (``SurveyStore.rounds``); provisional ones included."""
        return self._kept("rounds", self.results.store.rounds)

    def published_rounds(self) -> pd.DataFrame:
        rounds = self.rounds()
        return rounds[rounds["status"] != PROVISIONAL].reset_index(drop=True)

    def _row(self, label: str) -> pd.Series:
        rows = self.rounds().set_index("round")
        if label not in rows.index:
            raise KeyError(f"no round '{label}' is stored")
        return rows.loc[label]

    def is_provisional(self, label: str) -> bool:
        return self._row(label)["status"] == PROVISIONAL

    def answers(self, label: str) -> pd.DataFrame:
        """Long-format answers of a round (ons_code, respondent, question_id, value)."""
        return self._kept(("answers", label), partial(self.results.store.answers, label))

    def framework(self, label: str) -> Framework:
        """The framework a round was saved under; today's for rounds saved before frameworks were kept."""
        sha = self._row(label)["framework_sha256"]
        return self.results.saved_framework(sha) if isinstance(sha, str) else self.results.framework

    def scores(self, label: str) -> pd.DataFrame:
        """The round's scores table (``models.scoring``), respondent detail included: see ``shown_scores``."""
        return self._kept(("scores", label), lambda: round_scores(
            self.results.store, label, int(self._row(label)["version"]), self.framework(label),
            partial(self.answers, label)))

    def shown_scores(self, label: str, *, respondent_detail: bool) -> pd.DataFrame:
        """The scores as a reader sees them (``models.disclosure.disclosed``): with the spread between a few
        respondents only for ``respondent_detail`` (office staff)."""
        return self._kept(("shown_scores", label, respondent_detail),
                          lambda: disclosed(self.scores(label), self.results.min_respondents,
                                            respondent_detail=respondent_detail))

    def shown_item_means(self, label: str, *, respondent_detail: bool) -> pd.DataFrame:
        """Each borough's mean answer to each question (borough x question), as a reader sees it
        (``models.disclosure.disclosed_item_means``: blank for few respondents unless ``respondent_detail``)."""
        def shown() -> pd.DataFrame:
            means = self._kept(("item_means", label),
                               lambda: MaturityScorer(self.framework(label)).fit(self.answers(label)).item_scores_)
            return disclosed_item_means(means, self.scores(label), self.results.min_respondents,
                                        respondent_detail=respondent_detail)
        return self._kept(("shown_item_means", label, respondent_detail), shown)

    def rank_intervals(self, label: str) -> RankIntervals:
        """Nominal ranks with their intervals, and the overall index per draw (``models.stored``)."""
        def fitted() -> RankIntervals:
            ranker = RankUncertainty.from_settings(self.framework(label), self.results.settings)
            return round_rank_intervals(self.results.store, label, int(self._row(label)["version"]), ranker,
                                        partial(self.answers, label))
        return self._kept(("ranks", label), fitted)

    def ranks(self, label: str) -> pd.DataFrame:
        return self.rank_intervals(label)[0]

    def sensitivity(self, label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        return self._kept(("sensitivity", label), lambda: sensitivity(self.answers(label), self.framework(label)))

    def cluster_problem(self, label: str) -> str | None:
        """Why the round's boroughs cannot be clustered, or None (``models.clustering.why_not_clustered``)."""
        return why_not_clustered(self.scores(label), self.framework(label), label)

    def clusters(self, label: str) -> MaturityClusters | None:
        """The round's fitted clusters (``clusters.bootstrap`` setting), or None where ``cluster_problem`` says why not."""
        def fitted() -> MaturityClusters | None:
            framework = self.framework(label)
            if self.cluster_problem(label):
                return None
            return MaturityClusters.from_settings(framework, self.results.settings).fit(
                self.scores(label)[list(framework.dimension_ids)])
        return self._kept(("clusters", label), fitted)

    def partners(self, label: str) -> dict[str, list[str]]:
        """Each borough's context then maturity neighbours: where partners for a pilot are sought."""
        return self._kept(("partners", label), lambda: partner_candidates(
            self.scores(label)[list(self.framework(label).dimension_ids)]))

    def scored_rounds(self, *, with_provisional: bool) -> dict[str, ScoredRound]:
        """Rounds for trends, benchmarks and documents, in round order: scores as documents show them to
        anyone (no respondent detail), provisional rounds only if ``with_provisional``."""
        def built() -> dict[str, ScoredRound]:
            return {row.round: ScoredRound(row.round, self.shown_scores(row.round, respondent_detail=False),
                                           partial(self.rank_intervals, row.round), synthetic=bool(row.synthetic),
                                           provisional=row.status == PROVISIONAL, framework_version=row.framework_version)
                    for row in self.rounds().itertuples(index=False)
                    if with_provisional or row.status != PROVISIONAL}
        return self._kept(("scored_rounds", with_provisional), built)

    def benchmark(self, label: str, ons_code: str, *, with_provisional: bool) -> BoroughBenchmark:
        """One borough's benchmark (``models.benchmark.borough_benchmark``): the page, the PDF report."""
        return self._kept(("benchmark", label, ons_code, with_provisional), lambda: borough_benchmark(
            self.framework(label), self.scored_rounds(with_provisional=with_provisional), label, ons_code,
            self.results.pilots))

    def briefing(self, label: str, pilot_id: str | None, *, with_provisional: bool) -> LondonBriefing:
        """London's picture (``models.benchmark.london_briefing``), with the round's clusters as fitted here:
        the Committee briefing page and the slide pack."""
        def built() -> LondonBriefing:
            library = self.results.pilots
            return london_briefing(self.framework(label), self.scored_rounds(with_provisional=with_provisional), label,
                                   library, library.get(pilot_id) if pilot_id else None,
                                   target_level=str(self.results.settings["gaps.target_level"]),
                                   clusters=self.clusters(label))
        return self._kept(("briefing", label, pilot_id, with_provisional), built)
