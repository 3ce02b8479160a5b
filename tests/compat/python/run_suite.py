"""Runs unittest modules as one suite and records "passed failed skipped" for scripts/summarize.py.

    python3 run_suite.py SUITE_NAME RESULTS_DIR MODULE_OR_PATH [...]

A module is a dotted name importable from sys.path (this directory and ../cli are added) or a
path to a .py file.  A test counts once: failed if any of its subtests failed or it errored.
Exit status is 1 if anything failed (or nothing ran), else 0.
"""
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


class CountingResult(unittest.TextTestResult):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.outcomes = {}

    def _mark(self, test, outcome):
        tid = test.id()
        if self.outcomes.get(tid) == "failed":
            return
        self.outcomes[tid] = outcome

    def addSuccess(self, test):
        super().addSuccess(test)
        self.outcomes.setdefault(test.id(), "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._mark(test, "failed")

    def addError(self, test, err):
        super().addError(test, err)
        # errors in setUpClass/setUpModule arrive as _ErrorHolder: count them as one failed test
        self._mark(test, "failed")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._mark(test, "skipped")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._mark(test, "passed")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._mark(test, "failed")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.outcomes[test.id()] = "failed"


def load(names):
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for name in names:
        if name.endswith(".py"):
            path = os.path.abspath(name)
            d, f = os.path.split(path)
            if d not in sys.path:
                sys.path.insert(0, d)
            name = f[:-3]
        suite.addTests(loader.loadTestsFromName(name))
    return suite


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    suite_name, results_dir, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    for p in (HERE, os.path.join(HERE, "..", "cli")):
        p = os.path.abspath(p)
        if p not in sys.path:
            sys.path.insert(0, p)
    os.makedirs(results_dir, exist_ok=True)
    out = os.path.join(results_dir, f"{suite_name}.txt")
    started = time.monotonic()
    try:
        suite = load(names)
    except Exception as e:  # an import error is a failed suite, not a silent zero
        print(f"[{suite_name}] could not load tests: {e!r}", file=sys.stderr)
        with open(out, "w") as f:
            f.write("0 1 0\n")
        return 1
    runner = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult, stream=sys.stdout)
    result = runner.run(suite)
    vals = list(result.outcomes.values())
    passed, failed, skipped = vals.count("passed"), vals.count("failed"), vals.count("skipped")
    with open(out, "w") as f:
        f.write(f"{passed} {failed} {skipped}\n")
    print(f"[{suite_name}] {passed} passed, {failed} failed, {skipped} skipped "
          f"({time.monotonic() - started:.1f}s)")
    return 1 if failed or not vals else 0


if __name__ == "__main__":
    sys.exit(main())
