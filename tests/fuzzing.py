"""How the suite's hypothesis fuzzers run, in one place."""

from hypothesis import HealthCheck, settings


def fuzz_settings(max_examples):
    """The same examples on every run (`derandomize`), so a failure found once is found
    again and CI never passes by luck; no per-example deadline, since the machine is
    shared; and the test's fixtures (a client, a page) shared by its examples, which
    never depend on what an earlier example left behind."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
