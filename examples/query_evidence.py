"""For developers: what does the evidence say about each proposed mechanism of fibromyalgia?

Run:  python3 examples/query_evidence.py
"""

from __future__ import annotations

import fmevidence
from fmevidence.grading import Grader


def main() -> None:
    kb = fmevidence.load()
    grader = Grader(kb)
    print(f"{kb.info.name} {kb.info.version}, last reviewed {kb.info.last_reviewed}")
    for mechanism in kb.of_kind("mechanisms"):
        findings = kb.findings_about(mechanism.id)
        # Descriptive context (criteria, history, prevalence), an article's own framing and
        # regulators' judgements are not evidence for or against the mechanism: count only the
        # findings the grader counts, as `fmevidence evidence` does.
        evidence = [f for f in findings if not f.context and grader.rate(f).counted]
        counts = {direction: sum(f.direction is direction for f in evidence) for direction in fmevidence.Direction}
        tally = ", ".join(f"{count} {direction.value}" for direction, count in counts.items())
        shown = len(findings) - len(evidence)
        print(f"\n{mechanism.name}: {len(evidence)} findings ({tally})"
              + (f", plus {shown} shown but not counted (context or framing)" if shown else ""))
        for finding in findings:
            cited = "; ".join(source.id for source in kb.sources_of(finding))
            label = finding.direction.value if finding in evidence else "not counted"
            print(f"  [{label}] {finding.statement} ({cited})")
        treatments = kb.treatments_targeting(mechanism.id)
        if treatments:
            print("  treatments targeting it: " + ", ".join(treatment.name for treatment in treatments))


if __name__ == "__main__":
    main()
