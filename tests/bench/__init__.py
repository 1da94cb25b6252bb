"""Benchmarks of Backprop Explorer, run with `make bench` (python -m tests.bench).

Not a pytest package: the modules are named bench_*.py (and helpers), never test_*.py.
Nothing here imports NumPy at package import time, so that __main__ can pin the BLAS
thread counts before NumPy loads.
"""
