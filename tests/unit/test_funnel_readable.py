"""The national funnel a reviewer can read: exact classification (100 % of a few facilities is not an
outlier), names only where they do not run into each other, a few round log ticks in the language."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.figures import funnel


def test_full_completeness_of_a_few_facilities_is_not_above_the_limit():
    # 4 of 4 facilities happen 86 % of the time at a 96.4 % centre; the interpolated curve (99.97 %) made it red
    zones = funnel.classify([100.0, 100.0, 50.0], [4, 400, 10], 96.4, "binomial")
    assert zones == ["within", "above_998", "below_998"]
    lo, hi = funnel.binomial_limits(0.964, [4], 0.998)
    assert hi[0] * 100 < 100.0  # the drawn curve is below 100 %: a comparison with it would flag the point


def _national(n: int = 300, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    population = np.exp(rng.uniform(np.log(8e4), np.log(3e6), n))
    rate = rng.normal(370, 40, n)
    return pd.DataFrame({"kode_kab": [f"{10 + i // 100}.{i % 100:02d}" for i in range(n)],
                         "nama": [f"Kabupaten Nama Panjang {i}" for i in range(n)],
                         "populasi": population, "rate_100k": rate})


def _boxes(fig: dict) -> list[tuple[float, float, float, float]]:
    """Label boxes in the plot pixels the labels were placed for (funnel.PLOT_PX)."""
    pts = [(x, y, text, pos) for tr in fig["data"] if tr.get("meta") == "points"
           for x, y, text, pos in zip(tr["x"], tr["y"], tr["text"], tr["textposition"], strict=True) if text]
    return pts


def test_a_national_funnel_names_few_points_and_no_two_names_overlap():
    frame = _national()
    fig = funnel.funnel_figure(frame, value="rate_100k", size="populasi", centre=370.0, as_dict=True,
                               highlight=[frame.kode_kab[5]])
    named = _boxes(fig)
    assert 1 <= len(named) <= funnel.MAX_LABELS
    assert any(text == "Nama Panjang 5" for _, _, text, _ in named)  # the analyst's own is always named
    xs = np.log10([x for x, *_ in named])
    ys = np.array([y for _, y, *_ in named])
    lo, hi = np.log10(frame.populasi.min()) - 0.1, np.log10(frame.populasi.max()) + 0.08
    curves = [v for tr in fig["data"] if tr.get("meta") == "limit" for v in tr["y"]]
    y_lo, y_hi = min([*curves, *frame.rate_100k]), max([*curves, *frame.rate_100k])
    px = (xs - lo) / (hi - lo) * funnel.PLOT_PX[0]
    py = (ys - y_lo) / (y_hi - y_lo) * funnel.PLOT_PX[1]
    for i in range(len(named)):
        for j in range(i + 1, len(named)):
            wide = (len(named[i][2]) + len(named[j][2])) / 2 * funnel.CHAR_PX
            same_side = named[i][3].split()[0] == named[j][3].split()[0]
            # two names on the same side of their points touch only when both their x and y are close
            assert not (same_side and abs(px[i] - px[j]) < wide - 8 and abs(py[i] - py[j]) < funnel.LINE_PX), \
                (named[i], named[j])


def test_log_axis_has_few_round_ticks_in_the_language():
    vals, texts = funnel.log_ticks(64_000, 3_600_000, "id")
    assert texts == ["100.000", "300.000", "1.000.000", "3.000.000"]
    assert funnel.log_ticks(64_000, 3_600_000, "en")[1][-1] == "3,000,000"
    assert funnel.log_ticks(3.2, 120)[1] == ["5", "10", "20", "50", "100"]
    assert funnel.log_ticks(100, 150) == ([], [])  # a narrow range keeps the automatic ticks
    fig = funnel.funnel_figure(_national(), value="rate_100k", size="populasi", centre=370.0, as_dict=True)
    assert fig["layout"]["xaxis"]["ticktext"][0] == "100.000"
