"""trenchcoat.dask on a distributed.LocalCluster with two worker processes on loopback: per-row scores and a
corpus chrF / BLEU / TER equal bit for bit to one process."""

from __future__ import annotations

import faulthandler
import math

import numpy as np
import pytest

import trenchcoat
from conftest import translation_rows

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def client():
    # Bounded: a cluster that hangs ends the test process after 300 s, with every thread's stack.
    faulthandler.dump_traceback_later(300, exit=True)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    c = distributed.Client(cluster, timeout="60s")
    try:
        yield c
    finally:
        c.close(timeout=30)
        cluster.close(timeout=30)
        faulthandler.cancel_dump_traceback_later()


def test_dataframe_partitions_merge_to_the_single_process_corpus_score(client):
    rows = translation_rows(20)  # 400 rows
    frame = pd.DataFrame(rows)
    ddf = dd.from_pandas(frame, npartitions=7)
    for spec in ("chrf", "bleu", "ter"):
        scorer = trenchcoat.Scorer(spec)
        one = scorer.run(rows)
        result = trenchcoat.dask.score(ddf, spec)
        assert result.corpus_score == one.corpus_score, spec  # bit for bit
        assert result.scores.tolist() == one.scores.tolist(), spec
        assert result.issues == []
        assert list(result.data.index) == list(frame.index)  # rows come back in order
        assert "candidate" not in result.data.columns  # the texts stay on the workers


def test_the_scorer_is_built_once_per_worker_process(client):
    ddf = dd.from_pandas(pd.DataFrame(translation_rows(5)), npartitions=8)
    trenchcoat.dask.score(ddf, "chrf++")

    def built() -> list[str]:
        import trenchcoat.dask as tcd

        return sorted(tcd._SCORERS)

    per_worker = client.run(built)
    assert len(per_worker) == 2
    assert all(specs.count("chrf++") == 1 for specs in per_worker.values())


def test_bag_of_dicts_with_unscored_rows(client):
    rows = translation_rows(3)
    rows[5] = dict(rows[5], references=None)
    bag = db.from_sequence(rows, npartitions=4)
    result = trenchcoat.dask.score(bag, "chrf", missing="skip")
    one = trenchcoat.Scorer("chrf").run(rows, missing="skip")
    assert math.isnan(result.scores[5]) and [i.row for i in result.issues] == [5]
    assert np.array_equal(result.scores, one.scores, equal_nan=True)
    assert result.corpus_score == one.corpus_score


def test_score_batch_is_a_ray_style_callable_class():
    # Ray Data's map_batches builds the class with fn_constructor_args and calls it on dict-of-numpy batches.
    rows = translation_rows(1)
    batch = {
        "candidate": np.array([r["candidate"] for r in rows]),
        "references": np.array([r["references"] for r in rows], dtype=object),
    }
    out = trenchcoat.dask.ScoreBatch("chrf")(batch)
    assert out["chrf"].tolist() == trenchcoat.Scorer("chrf").score(rows).tolist()
    stats = np.column_stack([out[c] for c in trenchcoat.dask.ScoreBatch("chrf").statistic_columns()])
    assert trenchcoat.Scorer("chrf").corpus_score(statistics=stats) == trenchcoat.Scorer("chrf").corpus_score(rows)
