#!/usr/bin/env python3
"""Unit tests of the campaign's pure parts (no root, no namespaces): the schedule is a function of the seed and
options, the kinds' parsing, the trend test, the history matching, the outage attribution and the docs render.
Run: python3 test-lab/chaos/test_chaos.py"""
import itertools
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import invariants as inv  # noqa: E402
import report  # noqa: E402
import schedule  # noqa: E402

NODES = ['r1', 'r2', 'r3', 'r4']


def first(seed, n=200, kinds=None, steady='r4', nodes=NODES):
    gen = schedule.episodes(seed, nodes, kinds or schedule.DEFAULT_KINDS, steady)
    return [[(f.kind, f.offset, f.hold, tuple(f.nodes), f.param) for f in fs] + [p]
            for fs, p in itertools.islice(gen, n)]


class ScheduleTest(unittest.TestCase):
    def test_same_seed_same_schedule(self):
        self.assertEqual(first(42), first(42))

    def test_other_seed_or_options_other_schedule(self):
        self.assertNotEqual(first(42), first(43))
        self.assertNotEqual(first(42), first(42, kinds=schedule.parse_kinds('+clock')))

    def test_steady_router_gets_no_process_fault(self):
        for ep in first(7, 500):
            for kind, _, _, nodes, _ in ep[:-1]:
                if schedule.KINDS[kind][4]:
                    self.assertNotIn('r4', nodes)

    def test_a_healthy_router_always_remains(self):
        for nodes in (NODES[:3], NODES, NODES + ['r5']):
            for ep in first(9, 500, nodes=nodes, steady=nodes[-1]):
                hit = {x for kind, _, _, ns, _ in ep[:-1] if kind in schedule.DISRUPTIVE for x in ns}
                self.assertLessEqual(len(hit), max(1, len(nodes) - 2))

    def test_clock_only_when_asked(self):
        self.assertFalse(any(f[0] == 'clock' for ep in first(5, 500) for f in ep[:-1]))
        kinds = schedule.parse_kinds('+clock')
        self.assertTrue(any(f[0] == 'clock' for ep in first(5, 500, kinds=kinds) for f in ep[:-1]))

    def test_parse_kinds(self):
        self.assertEqual(schedule.parse_kinds('kill,stop'), ['kill', 'stop'])
        self.assertNotIn('stress', schedule.parse_kinds('-stress'))
        with self.assertRaises(ValueError):
            schedule.parse_kinds('+nosuch')


class TrendTest(unittest.TestCase):
    @staticmethod
    def samples(f, n=60):
        return [(i * 5.0, 'r1', 1, f(i), 30, 80) for i in range(n)]

    def test_flat_noisy_memory_is_no_growth(self):
        rows = inv.growth(self.samples(lambda i: 90000 + (i * 7919) % 3000), warmup=0, min_span=60)
        self.assertEqual(inv.growth_violations(rows), [])

    def test_steady_leak_is_growth(self):
        rows = inv.growth(self.samples(lambda i: 90000 + 400 * i), warmup=0, min_span=60)
        self.assertEqual(len(inv.growth_violations(rows)), 1)

    def test_fd_leak_is_growth(self):
        s = [(i * 5.0, 'r1', 1, 90000, 30, 80 + i // 6) for i in range(60)]
        self.assertIn('fds', inv.growth_violations(inv.growth(s, warmup=0, min_span=60))[0])


class HistoryTest(unittest.TestCase):
    T = ('vr1', 'BACKUP', 'MASTER', '2026-01-01T00:00:01.250000000Z', 'master down timer expired')

    def test_seen_transition_in_history_matches_within_tolerance(self):
        hist = {('r1', 1): {self.T[:3] + ('2026-01-01T00:00:01.262Z', self.T[4])}}
        bad, worst = inv.history_violations({('r1', 1): {self.T: 1.0}}, hist, {('r1', 1): 2.0})
        self.assertEqual(bad, [])
        self.assertAlmostEqual(worst, 0.012, places=6)

    def test_missing_transition_is_reported(self):
        bad, _ = inv.history_violations({('r1', 1): {self.T: 1.0}}, {('r1', 1): set()}, {('r1', 1): 2.0})
        self.assertEqual(len(bad), 1)

    def test_transition_seen_after_the_last_read_is_not_judged(self):
        bad, _ = inv.history_violations({('r1', 1): {self.T: 3.0}}, {('r1', 1): set()}, {('r1', 1): 2.0})
        self.assertEqual(bad, [])

    def test_entry_without_reason_is_reported(self):
        bad, _ = inv.history_violations({}, {('r1', 1): {self.T[:4] + ('',)}}, {})
        self.assertEqual(len(bad), 1)


class OutageTest(unittest.TestCase):
    def test_outage_attributed_to_overlapping_faults_only(self):
        a = schedule.Fault('kill', 0, 1, ['r1'])
        a.t_start, a.t_end = 10.0, 12.0
        b = schedule.Fault('stop', 0, 1, ['r2'])
        b.t_start, b.t_end = 30.0, 31.0
        rows = inv.attribute_outages({'v': [(12.1, 12.5)]}, [a, b], 0.345, 0.3)
        self.assertEqual([f.kind for f in rows[0][3]], ['kill'])

    def test_partition_then_kill_inside_it_gets_the_nud_bound(self):
        p = schedule.Fault('partition', 0, 1, ['r3'])
        k = schedule.Fault('kill', 0, 1, ['r3'])
        self.assertTrue(report.partition_then_loss([p, k]))
        self.assertFalse(report.partition_then_loss([p, schedule.Fault('kill', 0, 1, ['r1'])]))

    def test_held_by(self):
        tl = [(1, 'x', frozenset({'r1'})), (5, 'x', frozenset({'r3'})), (9, 'x', frozenset())]
        self.assertEqual(inv.held_by(tl, 'x', 6, 7), {'r3'})
        self.assertEqual(inv.held_by(tl, 'x', 0, 10), {'r1', 'r3'})


class RenderTest(unittest.TestCase):
    def test_render_replaces_only_the_marked_section(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, 'RESULTS.md'), 'w') as f:
                f.write("Seed **1**\n\n### Alerts\n\nEach firing (the first 60):\n\n| a |\n|---|\n| x |\n\nrest "
                        "![resources](resources.png)\n")
            doc = os.path.join(d, 'CHAOS.md')
            with open(doc, 'w') as f:
                f.write(f"head\n{report.BEGIN}\nold\n{report.END}\ntail\n")
            report.render_docs(d, doc)
            text = open(doc).read()
        self.assertTrue(text.startswith("head\n") and text.endswith("tail\n"))
        self.assertIn("Seed **1**", text)
        self.assertNotIn("old", text)
        self.assertNotIn("Each firing", text)
        self.assertIn("#### Alerts", text)
        self.assertIn("(chaos-hour-resources.png)", text)


if __name__ == '__main__':
    unittest.main()
