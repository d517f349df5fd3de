"""Scorers: :class:`Scorer` and what it returns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Optional, Union, overload

import numpy as np

from . import _trenchcoat
from ._trenchcoat import Error

Rows = Union[Sequence[Mapping[str, Any]], Mapping[str, Sequence[Any]], Any]
"""What :meth:`Scorer.score` reads: a list of dicts (one per row), a dict of columns (lists or arrays of
equal length), or a pandas DataFrame."""


@dataclass(frozen=True)
class ScorerOption:
    """One option a scorer takes (``Scorer("bleu", tokenize="intl")``): a row of the scorer's option table,
    the same table ``trenchcoat scorers`` lists and the scorer checks its options against."""

    name: str
    """Hyphenated, as in specs: ``"smooth-method"`` (keyword arguments write it ``smooth_method``)."""
    default: str
    """The default value as text; empty when the option has none (see :attr:`required`, :attr:`unset`)."""
    description: str
    type: Literal["string", "path", "integer", "number", "boolean", "choice"] = "string"
    required: bool = False
    unset: str = ""
    """Without a default: what happens when the option is not given."""
    choices: tuple[str, ...] = ()
    """For a choice: the allowed values."""
    aliases: dict[str, str] = field(default_factory=dict)
    """For a choice: other accepted spellings and the value each stands for."""
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    """For an integer or number: the allowed range, inclusive (None: unbounded)."""


def _option_of(raw: Mapping[str, Any]) -> ScorerOption:
    return ScorerOption(
        name=raw["name"],
        default=raw["default"],
        description=raw["description"],
        type=raw["type"],
        required=bool(raw["required"]),
        unset=raw["unset"],
        choices=tuple(raw["choices"]),
        aliases=dict(raw["aliases"]),
        minimum=raw["minimum"],
        maximum=raw["maximum"],
    )


@dataclass(frozen=True)
class ScorerInfo:
    """What a scorer is: the registry's entry and the scorer's own declaration."""

    name: str
    """The registry name, e.g. ``"chrf++"``."""
    display_name: str
    """The name results are filed under, as sacreBLEU and WMT write it, e.g. ``"chrF++"``."""
    summary: str
    description: str
    direction: Literal["higher_is_better", "lower_is_better"]
    kind: Literal["pointwise", "pairwise"]
    """pointwise: one score per candidate; pairwise: the probability that the candidate is preferred over
    the alternative."""
    required_fields: tuple[str, ...]
    """The item fields the scorer reads: candidate, references, source, prompt, alternative."""
    options: tuple[ScorerOption, ...]
    """Every option the scorer takes, with its default."""
    given_options: dict[str, str]
    """The options this scorer was built with."""
    corpus: Optional[str]
    """How item scores combine: ``"corpus score"`` (sufficient statistics: BLEU, chrF, TER), ``"mean"``, or
    None when the scorer defines no corpus score."""
    statistics_size: int
    """Values per item in :attr:`ScoreRun.statistics` (0 without a corpus score)."""


@dataclass(frozen=True)
class Issue:
    """An item left without a score (its score is NaN), and why."""

    row: int
    """0-based position of the row in the data."""
    message: str
    completion: Optional[Literal["chosen", "rejected"]] = None
    """For preference rows scored by a pointwise scorer: which completion; else None."""


@dataclass
class ScoreRun:
    """Everything one scoring call gives (:meth:`Scorer.run`)."""

    scores: np.ndarray
    """float64 scores: shape (rows,), or (rows, 2) for preference rows (chosen, rejected) scored by a
    pointwise scorer. NaN for every item named in :attr:`issues`."""
    issues: list[Issue]
    """Items without a score, in row order."""
    statistics: Optional[np.ndarray]
    """Per-item sufficient statistics of the corpus score, shape ``scores.shape + (statistics_size,)``; a row
    of NaN for items without a score; None when the scorer defines no corpus score. Stack the statistics of
    several runs in item order and pass them to :meth:`Scorer.corpus_score` to get the corpus score of all
    the items, bit for bit."""
    details: dict[str, np.ndarray]
    """Further values per item (e.g. a pairwise judge's ``preference_ab`` and ``preference_ba``)."""
    layout: str
    """The layout the rows were read with, e.g. ``"pointwise (candidate: candidate, references: references)"``."""
    corpus_score: Optional[float]
    """The corpus score of these items (None without one, or when no item has a score)."""


def parse_spec(spec: str) -> tuple[str, dict[str, str]]:
    """Splits a scorer spec as the command line writes it, ``NAME[:key=value,...]`` (a value may be quoted
    with "..." or '...' to hold commas), into the name and the options, with the library's parser (the one
    ``trenchcoat score --scorer`` uses). ``as=COLUMN`` names an output column of ``trenchcoat score``; a
    :class:`Scorer` has none, so it is refused here.

    >>> parse_spec("bleu:tokenize=intl,lowercase=true")
    ('bleu', {'tokenize': 'intl', 'lowercase': 'true'})
    """
    name, options, column = _trenchcoat.parse_scorer_spec(spec)
    if column:
        raise Error(f"scorer spec '{spec}': as={column} names an output column of `trenchcoat score`; a Scorer has none")
    return name, dict(options)


def _option_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _is_dataframe(data: Any) -> bool:
    return hasattr(data, "to_dict") and hasattr(data, "columns") and hasattr(data, "iloc")


def rows_of(data: Rows) -> Sequence[Mapping[str, Any]]:
    """The rows of `data` as a sequence of mappings: a list of dicts as it is, a dict of columns zipped into
    rows, a pandas DataFrame's records (missing values NaN / None read as missing fields)."""
    if _is_dataframe(data):
        # Column by column: tolist() gives Python values much faster than to_dict(orient="records").
        names = [str(c) for c in data.columns]
        columns = [data[c].tolist() for c in data.columns]
        return [dict(zip(names, values)) for values in zip(*columns)]
    if isinstance(data, Mapping):
        columns = {str(k): v for k, v in data.items()}
        not_columns = [k for k, v in columns.items() if isinstance(v, (str, bytes)) or not hasattr(v, "__len__")]
        if not_columns:
            raise Error(
                "a dict is read as columns (a dict of lists), but "
                + ", ".join(f"'{k}'" for k in not_columns)
                + " is not a list; pass one row as a list holding one dict: [row]"
            )
        lengths = {k: len(v) for k, v in columns.items()}
        if len(set(lengths.values())) > 1:
            raise Error("columns of different lengths: " + ", ".join(f"{k}: {n}" for k, n in lengths.items()))
        names = list(columns)
        return [dict(zip(names, values)) for values in zip(*columns.values())]
    if isinstance(data, (str, bytes)):
        raise Error("rows must be a list of dicts, a dict of columns or a DataFrame, not a string")
    if isinstance(data, Sequence):
        return data
    if isinstance(data, Iterable):
        return list(data)
    raise Error(f"rows must be a list of dicts, a dict of columns or a DataFrame, not {type(data).__name__}")


class Scorer:
    """A scorer from the registry, e.g. ``Scorer("bleu")``, ``Scorer("chrf++")``,
    ``Scorer("bleu:tokenize=intl")``, ``Scorer("chrf", word_order=2)`` or ``Scorer("rouge", type="rougeL")``.

    The spec is what ``trenchcoat score --scorer`` takes (``NAME[:key=value,...]``); keyword arguments add
    options, with ``_`` for the ``-`` of option names (``Scorer("chrf", word_order=2)`` is
    ``Scorer("chrf:word-order=2")``; booleans as true/false). Only keyword arguments spell names with
    ``_``, since Python names cannot hold ``-``: in a spec the names are hyphenated, and
    ``Scorer("bleu:smooth_method=floor")`` is refused with the hyphenated name as a hint. Values are
    checked against the scorer's option table (type, allowed values, range; :attr:`ScorerInfo.options`). ``trenchcoat.scorers()`` lists the scorers and their options.
    Unknown names and options raise :class:`trenchcoat.Error`.

    Rows are read as ``trenchcoat score`` reads a dataset's rows: the candidate from the first of mt, hyp,
    hypothesis, candidate, response, output, completion; references from ref, refs, reference, references (a
    string or a list of strings); source from src, source; prompt from prompt, instruction, question, input;
    preference rows (prompt, chosen, rejected; chat message lists allowed) and LLMBar rows (output_1,
    output_2, label) are recognised too. ``fields`` maps trenchcoat's names to other columns, like
    ``--fields``: ``fields={"candidate": "hyp_de", "references": "ref_de"}``.

    A scorer is safe to use from several threads at once, and scoring releases the GIL. Scorers pickle (by
    spec), so they travel to Dask or Ray workers, which rebuild them.
    """

    def __init__(self, spec: str, **options: Any) -> None:
        name, parsed = parse_spec(spec)
        for keyword, value in options.items():
            key = keyword.replace("_", "-")  # Python names cannot hold the options' hyphens
            if key in parsed:
                raise Error(f"scorer '{spec}': option {key} given twice")
            parsed[key] = _option_text(value)
        self._name = name
        self._options = parsed
        self._core = _trenchcoat.Scorer(name, parsed)
        raw = self._core.info
        self._info = ScorerInfo(
            name=raw["name"],
            display_name=raw["display_name"],
            summary=raw["summary"],
            description=raw["description"],
            direction=raw["direction"],
            kind=raw["kind"],
            required_fields=tuple(raw["required_fields"]),
            options=tuple(_option_of(o) for o in raw["options"]),
            given_options=dict(raw["given_options"]),
            corpus=raw["corpus"],
            statistics_size=int(raw["statistics_size"]),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_scorer, (self._name, dict(self._options)))

    def __repr__(self) -> str:
        return f"Scorer({self.spec!r})"

    @property
    def spec(self) -> str:
        """The spec that builds this scorer again, ``NAME[:key=value,...]`` (values quoted where needed)."""
        return _trenchcoat.format_scorer_spec(self._name, self._options)

    @property
    def name(self) -> str:
        """The registry name, e.g. ``"chrf"``."""
        return self._info.name

    @property
    def info(self) -> ScorerInfo:
        """Name, direction, kind (pointwise or pairwise), fields read, options, corpus score."""
        return self._info

    @property
    def signature(self) -> str:
        """``name|key:value|...|version:X``: every option that changes scores, and the trenchcoat version."""
        return self._core.signature

    def run(
        self,
        data: Rows,
        *,
        fields: Optional[Mapping[str, str]] = None,
        missing: Literal["error", "skip", "empty"] = "error",
        empty: Literal["score", "skip", "error"] = "score",
        name: str = "<data>",
    ) -> ScoreRun:
        """Scores every row of `data` and returns the scores with the issues, per-item statistics, details
        and the corpus score (:class:`ScoreRun`).

        missing: a field the scorer reads that a row lacks or holds None/NaN: ``"error"`` raises
        :class:`Error` naming the row, ``"skip"`` leaves the item unscored (NaN, with an issue), ``"empty"``
        scores it as the empty text. empty: a field that is ``""``: ``"score"`` scores it (the default),
        ``"skip"`` leaves it unscored, ``"error"`` raises. Errors name `name` as the file and the row's
        1-based position as the line. Items the scorer itself cannot score (a failed judge request) are NaN
        with an issue.
        """
        result = self._core.score_rows(rows_of(data), dict(fields or {}), missing, empty, name)
        issues = [Issue(row=row, message=message, completion=slot) for row, slot, message in result["issues"]]
        statistics = result["statistics"]
        corpus: Optional[float] = None
        if statistics is not None and statistics.size:
            corpus = self._core.corpus_score_from_statistics(statistics)[0]
        return ScoreRun(
            scores=result["scores"],
            issues=issues,
            statistics=statistics,
            details=dict(result["details"]),
            layout=result["layout"],
            corpus_score=corpus,
        )

    @overload
    def score(
        self,
        data: Rows,
        *,
        fields: Optional[Mapping[str, str]] = ...,
        missing: Literal["error", "skip", "empty"] = ...,
        empty: Literal["score", "skip", "error"] = ...,
        return_issues: Literal[False] = ...,
        name: str = ...,
    ) -> np.ndarray: ...

    @overload
    def score(
        self,
        data: Rows,
        *,
        fields: Optional[Mapping[str, str]] = ...,
        missing: Literal["error", "skip", "empty"] = ...,
        empty: Literal["score", "skip", "error"] = ...,
        return_issues: Literal[True],
        name: str = ...,
    ) -> tuple[np.ndarray, list[Issue]]: ...

    def score(
        self,
        data: Rows,
        *,
        fields: Optional[Mapping[str, str]] = None,
        missing: Literal["error", "skip", "empty"] = "error",
        empty: Literal["score", "skip", "error"] = "score",
        return_issues: bool = False,
        name: str = "<data>",
    ) -> Union[np.ndarray, tuple[np.ndarray, list[Issue]]]:
        """The score of every row as a float64 numpy array (NaN for items without a score).

        Shape (rows,); (rows, 2) for preference rows (chosen, rejected) with a pointwise scorer. With
        ``return_issues=True``, returns ``(scores, issues)``: the :class:`Issue` of every NaN score. See
        :meth:`run` for `fields`, `missing`, `empty` and `name`.

        >>> Scorer("chrf").score([{"candidate": "a b c", "references": ["a b d"]}])  # doctest: +SKIP
        array([...])
        """
        r = self.run(data, fields=fields, missing=missing, empty=empty, name=name)
        return (r.scores, r.issues) if return_issues else r.scores

    def statistics(
        self,
        data: Rows,
        *,
        fields: Optional[Mapping[str, str]] = None,
        missing: Literal["error", "skip", "empty"] = "error",
        empty: Literal["score", "skip", "error"] = "score",
        name: str = "<data>",
    ) -> np.ndarray:
        """Per-item sufficient statistics of the corpus score (:attr:`ScoreRun.statistics`). Raises
        :class:`Error` for a scorer without a corpus score."""
        r = self.run(data, fields=fields, missing=missing, empty=empty, name=name)
        if r.statistics is None:
            raise Error(f"scorer '{self.name}' defines no corpus score")
        return r.statistics

    def corpus_score(
        self,
        data: Optional[Rows] = None,
        *,
        statistics: Optional[Union[np.ndarray, Sequence[np.ndarray]]] = None,
        fields: Optional[Mapping[str, str]] = None,
        missing: Literal["error", "skip", "empty"] = "error",
        empty: Literal["score", "skip", "error"] = "score",
        name: str = "<data>",
    ) -> Optional[float]:
        """The corpus score of the rows of `data`, or of per-item `statistics` (one array, or a list of
        arrays concatenated in order, e.g. one per partition).

        For bleu, chrf, chrf++ and ter it is sacreBLEU's ``corpus_score`` over the items, from their summed
        sufficient statistics; for the other scorers with one it is the mean item score. Statistics are summed
        one item at a time in item order, so scoring in pieces and merging gives the single-call value bit for
        bit. None when no item has a score. Raises :class:`Error` for a scorer without a corpus score.
        """
        if (data is None) == (statistics is None):
            raise Error("corpus_score: give either data or statistics")
        if statistics is None:
            statistics = self.statistics(data, fields=fields, missing=missing, empty=empty, name=name)
        elif not isinstance(statistics, np.ndarray):
            width = self._info.statistics_size
            parts = [np.asarray(s, dtype=np.float64).reshape(-1, width) for s in statistics]
            statistics = np.concatenate(parts) if parts else np.zeros((0, width))
        return self._core.corpus_score_from_statistics(statistics)[0]


def _rebuild_scorer(name: str, options: dict[str, str]) -> Scorer:
    return Scorer(name, **options)


def scorers() -> list[dict[str, Any]]:
    """Every scorer of the registry, in order: dicts with name, display_name, summary and options
    (:class:`ScorerOption`)."""
    out = []
    for entry in _trenchcoat.scorer_entries():
        entry = dict(entry)
        entry["options"] = [_option_of(o) for o in entry["options"]]
        out.append(entry)
    return out


__all__ = ["Issue", "ScoreRun", "Scorer", "ScorerInfo", "ScorerOption", "parse_spec", "rows_of", "scorers"]
