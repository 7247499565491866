#!/usr/bin/env python3
"""Draws a run's resources.json (RSS, threads and fds of every daemon, sampled every 5 s) as resources.png.
Run by the campaign with an interpreter that has matplotlib (Debian's python3-matplotlib is for /usr/bin/python3),
or by hand: plot.py OUT_DIR."""
import json
import os
import sys


def main(out):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    with open(os.path.join(out, 'resources.json')) as f:
        doc = json.load(f)
    fig, axes = plt.subplots(3, 1, figsize=(10, 8), sharex=True)
    for node, impl in doc['nodes']:
        ss = [s for s in doc['samples'] if s[1] == node]
        if not ss:
            continue
        xs = [s[0] / 60 for s in ss]
        for ax, col, scale in ((axes[0], 3, 1 / 1024), (axes[1], 4, 1), (axes[2], 5, 1)):
            ax.plot(xs, [s[col] * scale for s in ss], '.', markersize=2, label=f"{node} ({impl})")
    axes[0].set_ylabel('RSS (MiB)')
    axes[1].set_ylabel('threads')
    axes[2].set_ylabel('fds')
    axes[2].set_xlabel('minutes into the run (a drop is a restart)')
    axes[0].legend(fontsize=7, ncol=5)
    fig.suptitle(f"vrrpd chaos campaign, seed {doc['seed']}")
    fig.tight_layout()
    fig.savefig(os.path.join(out, 'resources.png'), dpi=90)


if __name__ == '__main__':
    main(sys.argv[1])
