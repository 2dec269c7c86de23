"""Governance (§6.5, §9, §10): leaders' roll-ups, the implementation picture with measures,
targets and monthly snapshots, outcome measures, the barriers register, the policy register and
its review cycle, and the board report. It reads every other app through their selectors."""
