"""Scoring on Dask (and Ray): a callable class that scores one partition or batch, with the scorer built once
per worker process, and the corpus score merged from per-item sufficient statistics so that the distributed
corpus BLEU, chrF or TER equals the single-process value bit for bit.

::

    import dask.dataframe as dd, trenchcoat.dask
    ddf = dd.read_json("rows.jsonl", lines=True, blocksize="64MB")
    result = trenchcoat.dask.score(ddf, "chrf")
    result.scores, result.corpus_score          # == trenchcoat.Scorer("chrf").corpus_score(all rows)

:class:`ScoreBatch` is also a Ray Data ``map_batches`` callable class (pandas or numpy batches).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Optional

import numpy as np

from ._scorer import Issue, Scorer, rows_of
from ._trenchcoat import Error

# Scorers built in this process, by spec: a worker builds each scorer once, whatever the number of tasks
# (tasks deserialise a fresh ScoreBatch each time, so a cache on the instance alone would not do).
_SCORERS: dict[str, Scorer] = {}
_SCORERS_LOCK = threading.Lock()


def process_scorer(spec: str) -> Scorer:
    """The scorer `spec`, built at most once in this process and shared by every task and thread in it."""
    with _SCORERS_LOCK:
        scorer = _SCORERS.get(spec)
        if scorer is None:
            scorer = _SCORERS[spec] = Scorer(spec)
        return scorer


def _is_dataframe(batch: Any) -> bool:
    return hasattr(batch, "to_dict") and hasattr(batch, "columns") and hasattr(batch, "iloc")


class ScoreBatch:
    """Scores a batch of rows and returns it with the scores added; the scorer is built on first use in each
    process (:func:`process_scorer`), never pickled.

    A batch is a pandas DataFrame (a Dask DataFrame partition, a Ray ``batch_format="pandas"`` batch), a dict
    of columns (a Ray ``"numpy"`` batch) or a list of dicts (a Dask Bag partition); the result has the same
    form with these columns added (``COLUMN`` is `column`, by default the scorer's name):

    * ``COLUMN``: the score (float, NaN when unscored); for preference rows with a pointwise scorer
      ``COLUMN.chosen`` and ``COLUMN.rejected`` instead;
    * ``COLUMN.issue``: why an item has no score, else None;
    * ``COLUMN.stat0``, ``COLUMN.stat1``, ...: the per-item sufficient statistics of the corpus score (scorers
      with one, pointwise rows), which :func:`corpus_score_of` merges in item order.

    `fields`, `missing` and `empty` are those of :meth:`trenchcoat.Scorer.run`.
    """

    def __init__(
        self,
        spec: str,
        *,
        column: Optional[str] = None,
        fields: Optional[Mapping[str, str]] = None,
        missing: Literal["error", "skip", "empty"] = "error",
        empty: Literal["score", "skip", "error"] = "score",
    ) -> None:
        self.spec = spec
        self.fields = dict(fields or {})
        self.missing = missing
        self.empty = empty
        self._column = column

    @property
    def scorer(self) -> Scorer:
        """This process's scorer."""
        return process_scorer(self.spec)

    @property
    def column(self) -> str:
        return self._column or self.scorer.name

    def statistic_columns(self) -> list[str]:
        """The names of the statistics columns (empty for a scorer without a corpus score)."""
        return [f"{self.column}.stat{k}" for k in range(self.scorer.info.statistics_size)]

    def _columns(self, batch: Any) -> dict[str, Any]:
        run = self.scorer.run(batch, fields=self.fields, missing=self.missing, empty=self.empty)
        n = len(run.scores)
        issues: list[Optional[str]] = [None] * n
        for issue in run.issues:
            text = issue.message if issue.completion is None else f"{issue.completion}: {issue.message}"
            issues[issue.row] = text if issues[issue.row] is None else f"{issues[issue.row]}; {text}"
        out: dict[str, Any] = {}
        if run.scores.ndim == 2:
            out[f"{self.column}.chosen"] = run.scores[:, 0]
            out[f"{self.column}.rejected"] = run.scores[:, 1]
        else:
            out[self.column] = run.scores
        out[f"{self.column}.issue"] = np.array(issues, dtype=object)
        if run.statistics is not None and run.scores.ndim == 1:
            stats = run.statistics.reshape(n, -1)
            for k, name in enumerate(self.statistic_columns()):
                out[name] = stats[:, k]
        return out

    def __call__(self, batch: Any) -> Any:
        if _is_dataframe(batch):
            out = batch.copy()
            if len(batch) == 0:
                return self.empty_frame(batch)
            for name, values in self._columns(batch).items():
                out[name] = values
            return out
        if isinstance(batch, Mapping):
            columns = self._columns(batch)
            out_dict = dict(batch)
            out_dict.update(columns)
            return out_dict
        rows = list(rows_of(batch))
        if not rows:
            return []
        columns = self._columns(rows)
        out_rows = []
        for i, row in enumerate(rows):
            new = dict(row)
            for name, values in columns.items():
                value = values[i]
                new[name] = value if value is None or isinstance(value, str) else float(value)
            out_rows.append(new)
        return out_rows

    def empty_frame(self, frame: Any) -> Any:
        """`frame` (a pandas DataFrame, e.g. a Dask ``_meta``) with no rows and the added columns, typed: what
        ``map_partitions`` needs as ``meta``."""
        out = frame.iloc[:0].copy()
        out[self.column] = np.array([], dtype=np.float64)
        out[f"{self.column}.issue"] = np.array([], dtype=object)
        for name in self.statistic_columns():
            out[name] = np.array([], dtype=np.float64)
        return out


@dataclass
class DaskScoreResult:
    """What :func:`score` gives after computing."""

    scores: np.ndarray
    """One score per row, in the collection's order (NaN where unscored)."""
    issues: list[Issue]
    """Items without a score; ``row`` is the row's 0-based position in the whole collection."""
    corpus_score: Optional[float]
    """The corpus score of every row, merged from the per-item statistics in row order: bit for bit the value
    of ``Scorer(spec).corpus_score`` over all rows in one process. None without one."""
    data: Any
    """What the workers sent back: from a Dask DataFrame, a pandas DataFrame of the columns :class:`ScoreBatch`
    adds (scores, issues, statistics), with the collection's index; from a Bag, the scored rows (dicts)."""


def corpus_score_of(scored: Any, spec: str, *, column: Optional[str] = None) -> Optional[float]:
    """The corpus score of rows scored by :class:`ScoreBatch` (a pandas DataFrame or a list of dicts holding
    its statistics columns), summing the statistics one item at a time in row order."""
    batcher = ScoreBatch(spec, column=column)
    names = batcher.statistic_columns()
    if not names:
        raise Error(f"scorer '{batcher.scorer.name}' defines no corpus score")
    if _is_dataframe(scored):
        missing = [n for n in names if n not in scored.columns]
        if missing:
            raise Error(f"corpus score: the scored rows have no column {missing[0]}")
        stats = scored[names].to_numpy(dtype=np.float64)
    else:
        stats = np.array([[row[n] for n in names] for row in scored], dtype=np.float64).reshape(-1, len(names))
    return batcher.scorer.corpus_score(statistics=stats)


def score(
    collection: Any,
    spec: str,
    *,
    column: Optional[str] = None,
    fields: Optional[Mapping[str, str]] = None,
    missing: Literal["error", "skip", "empty"] = "error",
    empty: Literal["score", "skip", "error"] = "score",
    compute: bool = True,
) -> Any:
    """Scores a Dask DataFrame or Dask Bag (of dicts) with scorer `spec` on the current Dask scheduler (e.g. a
    ``distributed.Client``): :class:`ScoreBatch` is mapped over the partitions, so each worker process builds
    the scorer once.

    With ``compute=True`` (the default) returns a :class:`DaskScoreResult`: the scores per row and the corpus
    score merged from the per-item statistics in row order, equal bit for bit to the single-process corpus
    score. With ``compute=False`` returns the lazy scored collection (use :func:`corpus_score_of` on its
    computed rows)."""
    batcher = ScoreBatch(spec, column=column, fields=fields, missing=missing, empty=empty)
    if hasattr(collection, "map_partitions") and hasattr(collection, "_meta") and _is_dataframe(collection._meta):
        scored = collection.map_partitions(batcher, meta=batcher.empty_frame(collection._meta))
        if not compute:
            return scored
        # Only the added columns travel back from the workers, not the texts.
        added = [c for c in scored.columns if c not in collection.columns]
        frame = scored[added].compute()
        scores_column = frame[batcher.column] if batcher.column in frame.columns else None
        scores = (
            scores_column.to_numpy(dtype=np.float64)
            if scores_column is not None
            else frame[[f"{batcher.column}.chosen", f"{batcher.column}.rejected"]].to_numpy(dtype=np.float64)
        )
        issue_values = frame[f"{batcher.column}.issue"].tolist()
        data: Any = frame
    elif hasattr(collection, "map_partitions"):
        scored = collection.map_partitions(batcher)
        if not compute:
            return scored
        rows = scored.compute()
        data = rows
        if rows and f"{batcher.column}.chosen" in rows[0]:
            scores = np.array(
                [[r[f"{batcher.column}.chosen"], r[f"{batcher.column}.rejected"]] for r in rows], dtype=np.float64
            )
        else:
            scores = np.array([r[batcher.column] for r in rows], dtype=np.float64)
        issue_values = [r[f"{batcher.column}.issue"] for r in rows]
    else:
        raise Error(f"trenchcoat.dask.score: a Dask DataFrame or Bag, not {type(collection).__name__}")
    issues = [Issue(row=i, message=m) for i, m in enumerate(issue_values) if m is not None]
    corpus = None
    if batcher.statistic_columns() and scores.ndim == 1:
        corpus = corpus_score_of(data, spec, column=column)
    return DaskScoreResult(scores=scores, issues=issues, corpus_score=corpus, data=data)


__all__ = ["DaskScoreResult", "ScoreBatch", "corpus_score_of", "process_scorer", "score"]
