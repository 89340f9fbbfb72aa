"""Guardian's benchmarks: `make bench` runs them all and prints a Markdown table.

Each figure is measured next to a baseline in the same run, because this machine is shared and
noisy; docs/benchmarks.md keeps the results with the machine they came from.
"""
