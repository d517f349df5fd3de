"""trenchcoat.Scorer: scores, NaN and issues, corpus scores equal to sacreBLEU's, errors, the GIL."""

from __future__ import annotations

import math
import pickle
import threading
import time

import numpy as np
import pytest

import trenchcoat
from conftest import translation_rows


def test_issue_example_scores_one_row():
    # The quick start's line: chrF2 of "a b c" against "a b d" is 38.888888888888886
    # (sacreBLEU 2.6.0: CHRF().sentence_score("a b c", ["a b d"]).score).
    scores = trenchcoat.Scorer("chrf").score([{"candidate": "a b c", "references": ["a b d"]}])
    assert isinstance(scores, np.ndarray)
    assert scores.dtype == np.float64
    assert scores.tolist() == [38.888888888888886]


def test_list_of_dicts_dict_of_lists_and_dataframe_give_the_same_scores(sacrebleu_cli_rows):
    pd = pytest.importorskip("pandas")
    scorer = trenchcoat.Scorer("chrf")
    from_rows = scorer.score(sacrebleu_cli_rows)
    columns = {
        "candidate": [r["candidate"] for r in sacrebleu_cli_rows],
        "references": [r["references"] for r in sacrebleu_cli_rows],
    }
    assert scorer.score(columns).tolist() == from_rows.tolist()
    assert scorer.score(pd.DataFrame(columns)).tolist() == from_rows.tolist()
    # sacreBLEU 2.6.0: CHRF().sentence_score(hyp, [ref1, ref2]).score for the three lines of
    # tests/fixtures/sacrebleu_cli (hyp.txt, ref1.txt, ref2.txt).
    assert from_rows.tolist() == [100.0, 35.34635301425291, 51.87740799504779]


def test_sentence_bleu_uses_effective_order(sacrebleu_cli_rows):
    # sacreBLEU 2.6.0: BLEU(effective_order=True).sentence_score(hyp, [ref1, ref2]).score on the same lines.
    assert trenchcoat.Scorer("bleu").score(sacrebleu_cli_rows).tolist() == [
        100.00000000000004,
        14.794015674776452,
        29.071536848410968,
    ]


def test_corpus_scores_equal_sacrebleu(sacrebleu_cli_rows):
    # BLEU: tests/fixtures/sacrebleu_vectors.json bleu[0] (sacreBLEU 2.6.0, hyp_len 17, ref_len 18), which is
    # also `sacrebleu ref1.txt ref2.txt -i hyp.txt -b -w 4` = 48.5308 in tests/fixtures/sacrebleu_cli/transcripts.txt.
    assert trenchcoat.Scorer("bleu").corpus_score(sacrebleu_cli_rows) == 48.530827009929865
    # chrF2, chrF2++ and TER: sacreBLEU 2.6.0's CHRF().corpus_score, CHRF(word_order=2).corpus_score and
    # TER().corpus_score of hyp.txt against [ref1.txt, ref2.txt].
    assert trenchcoat.Scorer("chrf").corpus_score(sacrebleu_cli_rows) == 59.72751782684763
    assert trenchcoat.Scorer("chrf++").corpus_score(sacrebleu_cli_rows) == 59.15310444399262
    assert trenchcoat.Scorer("ter").corpus_score(sacrebleu_cli_rows) == 40.0


def test_corpus_score_from_statistics_of_pieces_equals_one_call():
    rows = translation_rows(5)
    for spec in ("bleu", "chrf", "chrf++", "ter"):
        scorer = trenchcoat.Scorer(spec)
        whole = scorer.corpus_score(rows)
        pieces = [scorer.statistics(rows[i : i + 7]) for i in range(0, len(rows), 7)]
        assert scorer.corpus_score(statistics=pieces) == whole, spec
        assert scorer.corpus_score(statistics=np.concatenate(pieces)) == whole, spec
        assert scorer.run(rows).corpus_score == whole, spec


def test_missing_field_is_an_error_with_file_and_line_or_nan_with_an_issue():
    rows = [
        {"candidate": "a b c", "references": ["a b d"]},
        {"candidate": "x y", "references": None},
    ]
    scorer = trenchcoat.Scorer("chrf")
    with pytest.raises(trenchcoat.Error) as caught:
        scorer.score(rows)
    err = caught.value
    assert isinstance(err, ValueError)
    assert err.file == "<data>"
    assert err.line == 2  # the second row, 1-based
    assert "'references' is missing" in str(err)
    assert str(err).startswith("<data>:2: ")

    scores, issues = scorer.score(rows, missing="skip", return_issues=True)
    assert scores[0] == 38.888888888888886  # as in test_issue_example_scores_one_row
    assert math.isnan(scores[1])
    assert [(i.row, i.completion) for i in issues] == [(1, None)]
    assert "missing" in issues[0].message
    # The unscored row has no statistics and is left out of the corpus score.
    run = scorer.run(rows, missing="skip")
    assert np.isnan(run.statistics[1]).all()
    assert run.corpus_score == scorer.corpus_score(rows[:1])


def test_empty_text_policies():
    rows = [{"candidate": "", "references": ["a b"]}]
    scorer = trenchcoat.Scorer("chrf")
    assert scorer.score(rows).tolist() == [0.0]  # scored as the empty text it is (chrF of nothing is 0)
    scores, issues = scorer.score(rows, empty="skip", return_issues=True)
    assert math.isnan(scores[0]) and issues[0].row == 0
    with pytest.raises(trenchcoat.Error, match="is empty"):
        scorer.score(rows, empty="error")


def test_a_nan_in_a_dataframe_is_a_missing_field():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"hyp": ["a b c", "a b"], "ref": ["a b d", float("nan")]})
    scores, issues = trenchcoat.Scorer("chrf").score(frame, missing="skip", return_issues=True)
    assert scores[0] == 38.888888888888886 and math.isnan(scores[1])
    assert issues[0].row == 1
    # pandas' own missing value in a string column reads the same way.
    strings = pd.DataFrame({"hyp": ["a b c", "a b"], "ref": pd.array(["a b d", pd.NA], dtype="string")})
    scores, issues = trenchcoat.Scorer("chrf").score(strings, missing="skip", return_issues=True)
    assert scores[0] == 38.888888888888886 and math.isnan(scores[1]) and issues[0].row == 1


def test_field_overrides_and_errors_name_the_data():
    rows = [{"hyp_de": "a b c", "gold": "a b d"}]
    scorer = trenchcoat.Scorer("chrf")
    with pytest.raises(trenchcoat.Error, match="candidate"):
        scorer.score(rows, name="batch-7")
    assert scorer.score(rows, fields={"candidate": "hyp_de", "references": "gold"}).tolist() == [38.888888888888886]
    with pytest.raises(trenchcoat.Error) as caught:
        scorer.score([{"candidate": "a", "references": [{"not": "text"}]}], name="batch-7")
    assert caught.value.file == "batch-7" and caught.value.line == 1


def test_unknown_scorer_and_option_raise_error():
    with pytest.raises(trenchcoat.Error, match="bleu"):
        trenchcoat.Scorer("no-such-scorer")
    with pytest.raises(trenchcoat.Error):
        trenchcoat.Scorer("chrf:no_such_option=1")
    with pytest.raises(trenchcoat.Error) as caught:
        trenchcoat.Scorer("bleu:tokenize")
    assert caught.value.file is None and caught.value.line is None


def test_info_signature_and_options():
    bleu = trenchcoat.Scorer("bleu:tokenize=intl")
    assert bleu.info.name == "bleu" and bleu.info.display_name == "BLEU"
    assert bleu.info.direction == "higher_is_better" and bleu.info.kind == "pointwise"
    assert "candidate" in bleu.info.required_fields and "references" in bleu.info.required_fields
    assert bleu.info.given_options == {"tokenize": "intl"}
    assert any(o.name == "tokenize" for o in bleu.info.options)
    assert bleu.info.corpus == "corpus score" and bleu.info.statistics_size > 0
    assert "tok:intl" in bleu.signature
    assert trenchcoat.Scorer("bleu", tokenize="intl").signature == bleu.signature
    assert trenchcoat.Scorer("ter").info.direction == "lower_is_better"
    assert trenchcoat.Scorer("length").info.corpus == "mean"
    names = [s["name"] for s in trenchcoat.scorers()]
    assert names[:3] == ["bleu", "sentbleu", "chrf"] or "bleu" in names


def test_specs_are_parsed_by_the_library_as_on_the_command_line():
    # The command line's parser (registry::parse_scorer_spec): quotes hold commas, as= names a column.
    assert trenchcoat.parse_spec("cmd:run='python3 rm.py 1,2',shell=true") == (
        "cmd",
        {"run": "python3 rm.py 1,2", "shell": "true"},
    )
    assert trenchcoat._trenchcoat.parse_scorer_spec("length:unit=words,as=n") == ("length", {"unit": "words"}, "n")
    with pytest.raises(trenchcoat.Error, match="'tokenize' is not key=value"):
        trenchcoat.parse_spec("bleu:tokenize")
    with pytest.raises(trenchcoat.Error, match="names an output column"):
        trenchcoat.Scorer("length:as=n")
    scorer = trenchcoat.Scorer("cmd", run="python3 rm.py 1,2")
    assert scorer.spec == "cmd:run='python3 rm.py 1,2'"
    assert trenchcoat.parse_spec(scorer.spec)[1] == {"run": "python3 rm.py 1,2"}


def test_options_are_typed_and_checked_against_the_table():
    options = {o.name: o for o in trenchcoat.Scorer("bleu").info.options}
    smooth = options["smooth-method"]
    assert smooth.type == "choice" and smooth.default == "exp" and not smooth.required
    assert smooth.choices == ("exp", "floor", "add-k", "none")
    order = options["max-ngram-order"]
    assert order.type == "integer" and order.minimum == 1.0 and order.maximum is None
    assert options["smooth-value"].default == "" and options["smooth-value"].unset.startswith("the method's")
    units = {o.name: o for o in trenchcoat.Scorer("length").info.options}["unit"]
    assert units.aliases == {"characters": "chars", "tokens": "words"}
    listed = {s["name"]: s for s in trenchcoat.scorers()}
    assert listed["bleu"]["options"][1] == smooth
    with pytest.raises(trenchcoat.Error, match=r"option 'smooth-method': 'foo' is not one of exp, floor, add-k, none"):
        trenchcoat.Scorer("bleu", smooth_method="foo")
    # Keyword arguments spell names with _; in a spec the underscore spelling is refused with a hint.
    assert trenchcoat.Scorer("bleu", smooth_method="floor").signature == trenchcoat.Scorer("bleu:smooth-method=floor").signature
    with pytest.raises(trenchcoat.Error, match="did you mean 'smooth-method'"):
        trenchcoat.Scorer("bleu:smooth_method=floor")


def test_scorers_pickle_by_spec():
    scorer = trenchcoat.Scorer("chrf", word_order=2)
    again = pickle.loads(pickle.dumps(scorer))
    assert again.signature == scorer.signature
    assert again.spec == "chrf:word-order=2"


def test_preference_rows_give_chosen_and_rejected_columns():
    rows = [{"prompt": "Say hi", "chosen": "Hello there, friend", "rejected": "Hi"}]
    scores = trenchcoat.Scorer("length").score(rows)
    assert scores.shape == (1, 2)
    assert scores[0, 0] > scores[0, 1]


def test_the_gil_is_released_while_scoring():
    # While a thread is inside Scorer.score, another Python thread keeps running: the longest pause of a
    # ticking thread stays far below the duration of the call. (Holding the GIL, the pause would be the
    # whole call, since a C++ call never yields the GIL by itself.)
    words = " ".join(f"w{i % 97}" for i in range(4000))
    scorer = trenchcoat.Scorer("chrf")
    rows = [{"candidate": words, "references": [words[::-1]]}] * 50
    # Enough rows for a call of at least 0.3 s on this machine (mapping rows takes a small part of it).
    for _ in range(8):
        start = time.perf_counter()
        scorer.score(rows)
        if time.perf_counter() - start >= 0.3:
            break
        rows = rows * 2
    ticks: list[float] = []
    done = threading.Event()

    def tick() -> None:
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.05)
    start = time.perf_counter()
    scorer.score(rows)
    end = time.perf_counter()
    done.set()
    ticker.join(timeout=10)
    inside = [t for t in ticks if start <= t <= end]
    duration = end - start
    assert duration > 0.1, f"the call took {duration:.3f} s: too short to tell"
    gaps = np.diff([start] + inside + [end])
    assert gaps.max() < 0.5 * duration, f"longest pause {gaps.max():.3f} s of a {duration:.3f} s call"


def test_scoring_from_threads_gives_the_same_scores():
    rows = translation_rows(3)
    scorer = trenchcoat.Scorer("bleu")
    expected = scorer.score(rows).tolist()
    results: list[list[float]] = [[] for _ in range(4)]

    def work(k: int) -> None:
        results[k] = scorer.score(rows).tolist()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results == [expected] * 4


def test_corpus_scores_equal_the_command_line(sacrebleu_cli_rows):
    # The C++ command line on the same files: `trenchcoat sacrebleu ref1.txt ref2.txt -i hyp.txt -m bleu chrf ter
    # -b -w 16` prints each corpus score with 18 significant digits, which read back as the same double.
    import subprocess

    from conftest import FIXTURES, REPO

    binary = REPO / "build" / "trenchcoat"
    if not binary.exists():
        pytest.skip("build/trenchcoat is not built")
    d = FIXTURES / "sacrebleu_cli"
    out = subprocess.run(
        [str(binary), "sacrebleu", "ref1.txt", "ref2.txt", "-i", "hyp.txt", "-m", "bleu", "chrf", "ter", "-b", "-w", "16"],
        cwd=d, capture_output=True, text=True, timeout=60, check=True,
    ).stdout
    cli = [float(v) for v in out.replace("[", "").replace("]", "").replace(",", " ").split()]
    python = [trenchcoat.Scorer(m).corpus_score(sacrebleu_cli_rows) for m in ("bleu", "chrf", "ter")]
    assert python == cli
