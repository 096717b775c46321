"""Tools the tests and the benchmarks share: a throwaway PostgreSQL cluster, free ports, the load generator,
how alike a stored page is to its original.

Neither the tests nor the benchmarks import each other; what both need lives here. Not part of the wheel.
"""
