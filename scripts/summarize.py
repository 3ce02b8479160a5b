"""Adds up the xunit TRX files and the compat suite's result files into one closing line."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
trx_dir, compat_dir = sys.argv[1], sys.argv[2]
for path in glob.glob(os.path.join(trx_dir, "**", "*.trx"), recursive=True):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0))
    skipped += int(counters.get("notExecuted", 0))
for path in glob.glob(os.path.join(compat_dir, "*.txt")):
    with open(path) as f:
        p, fl, s = (int(x) for x in f.read().split())
    passed, failed, skipped = passed + p, failed + fl, skipped + s
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
