"""The engine's many people at once (scoring.score_people) takes each person's means and
SDs as pandas takes them for one (the report's DataFrame.mean and .std), to the bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from screener.scoring import _mean_count_sd


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
