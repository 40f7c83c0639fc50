"""The engine's many people at once (scoring.score_people) takes each person's means and
SDs as pandas takes them for one (the report's DataFrame.mean and .std), to the bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from screener.scoring import _mean_count_sd, _sum_in_runs, sum_by


@pytest.mark.parametrize("seed", range(40))
def test_a_persons_means_and_sds_are_pandas_own_to_the_bit(seed):
    rng = np.random.default_rng(seed)
    days = int(rng.integers(1, 400))
    totals = rng.gamma(2.0, 300.0, (days, 11)) * rng.random((days, 11))
    if seed % 2:
        totals[rng.random((days, 11)) < 0.2] = np.nan  # days an export left blank
    if seed % 5 == 0:
        totals[:, 3] = 304.5 + 1e-13 * rng.random(days)  # every day alike, but for bits
    frame = pd.DataFrame(totals)  # as the report's daily totals
    # one person's days among others', as the engine holds them: a row per value
    others = rng.random((11, 7))
    by_value = np.ascontiguousarray(np.hstack([others, totals.T, others]))
    mean, count, sd = _mean_count_sd(by_value[:, 7 : 7 + days])
    assert np.array_equal(mean, frame.mean().to_numpy(), equal_nan=True)
    assert np.array_equal(count, frame.notna().sum().to_numpy())
    assert np.array_equal(sd, frame.std(ddof=1).to_numpy(), equal_nan=True)


def test_sums_in_runs_of_people_are_one_sums():
    rng = np.random.default_rng(3)
    person = np.repeat(np.arange(60), rng.integers(1000, 5000, 60))
    codes = person * 400 + rng.integers(0, 400, len(person))  # a person's days
    codes = np.unique(codes, return_inverse=True)[1]
    values = rng.random((len(person), 4))
    values[rng.random(values.shape) < 0.1] = np.nan
    size = int(codes.max()) + 1
    assert len(person) > 100_000  # summed in runs, each under SPARSE_FROM
    assert np.array_equal(_sum_in_runs(codes, size, values, person), sum_by(codes, size, values))
