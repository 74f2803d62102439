"""A lighter load test than benchmarks/load.py: 10 concurrent clients, 4 questions each,
every answer checked."""

from benchmarks.load import run


def test_concurrent_clients_all_get_right_answers(server):
    out = run(server, clients=10, questions=4)
    assert out["errors"] == 0, out["first_errors"]
    assert out["wrong"] == 0, out["first_wrong"]
    assert out["answered"] == 40
