"""Time `robustness(n=100_000)` against a plain Python loop of `assess()` over the same weightings.

Both score exactly the same sampled weightings (`sample_weights` with the same seed is
what `robustness` draws). The vectorised run is timed several times (best and median
printed, including sampling and validation); the loop calls `assess()` once per
sample, as a student's naive code would, over all `--n` samples by default (about
6 s); with `--loop-n` it covers only the first samples and its time is scaled
linearly to `--n` (the output says so). The verdict shares of the
loop and of the vectorised scoring of those same samples must agree exactly.

    python benchmarks/robustness.py [--n 100000] [--loop-n N] [--repeats 7] [--seed 2022]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import entente_lab
from entente_lab.analysis.model import VERDICTS, assess, score_matrix
from entente_lab.analysis.robustness import robustness, sample_weights


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="samples for robustness (default 100000)")
    parser.add_argument("--loop-n", type=int, default=None,
                        help="samples the plain loop scores (default: all of them; fewer are scaled linearly)")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs of robustness (default 7)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--spread", type=float, default=0.15)
    args = parser.parse_args(argv)
    loop_n = args.n if args.loop_n is None else min(args.loop_n, args.n)

    case = entente_lab.load_case()
    weights = entente_lab.preset_weights(case, "equal")  # the corner: every region gets samples
    options = {"evidence_trust": {"hypothesis": 0.8}, "months": 9.0}
    ids = [f.id for f in case.factors]

    robustness(case, weights, n=1_000, seed=0, **options)  # warm up
    times = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        result = robustness(case, weights, n=args.n, spread=args.spread, seed=args.seed, **options)
        times.append(time.perf_counter() - started)
    fast_best, fast_median = min(times), statistics.median(times)

    samples = sample_weights(case, weights, n=args.n, spread=args.spread, seed=args.seed)
    _, _, codes = score_matrix(case, samples, **options)
    shares_all = {v: float((codes == i).mean()) for i, v in enumerate(VERDICTS)}

    started = time.perf_counter()
    loop_verdicts = [assess(case, dict(zip(ids, row.tolist(), strict=True)), **options).verdict
                     for row in samples[:loop_n]]
    loop_time = time.perf_counter() - started
    loop_scaled = loop_time * args.n / loop_n

    loop_shares = {v: loop_verdicts.count(v) / loop_n for v in VERDICTS}
    vector_shares = {v: float((codes[:loop_n] == i).mean()) for i, v in enumerate(VERDICTS)}
    agree = loop_shares == vector_shares and result.shares == shares_all

    cpu = f"{os.cpu_count()} CPU(s)"
    print(f"robustness benchmark: {case.id}, {len(ids)} factors, equal-weights preset, spread {args.spread}, "
          f"months 9, hypothesis trust 0.8, seed {args.seed}; Python {sys.version.split()[0]}, {cpu}")
    print(f"vectorised robustness(n={args.n:,}): best {fast_best * 1e3:.1f} ms, median {fast_median * 1e3:.1f} ms "
          f"over {args.repeats} runs")
    if loop_n == args.n:
        print(f"plain loop of assess() over the same {args.n:,} samples: {loop_time:.2f} s")
    else:
        print(f"plain loop of assess() over the first {loop_n:,} of the same samples: {loop_time:.2f} s; "
              f"scaled linearly to {args.n:,}: {loop_scaled:.2f} s")
    print(f"speed-up (loop / best vectorised): {loop_scaled / fast_best:.0f}x "
          f"(median: {loop_scaled / fast_median:.0f}x)")
    print("verdict shares, vectorised on all samples: "
          + ", ".join(f"{v} {s:.4f}" for v, s in result.shares.items()))
    print(f"verdict shares on the {loop_n:,} looped samples, loop vs vectorised: "
          + ", ".join(f"{v} {loop_shares[v]:.4f}/{vector_shares[v]:.4f}" for v in VERDICTS))
    print(f"shares agree exactly: {'yes' if agree else 'NO'}")
    aims = fast_best < 0.2 and loop_scaled / fast_best >= 50
    print(f"aim (< 0.2 s for {args.n:,}, >= 50x the loop): {'met' if aims else 'NOT met'}")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
