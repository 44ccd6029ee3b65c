"""Support code of the tests: loopback servers, generated worlds, the CLI runner.

Only tests/conftest.py imports this package; test modules receive what it builds through
the fixtures conftest.py declares (tests/test_layout_of_tests.py enforces that).
"""
