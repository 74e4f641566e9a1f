"""greenlab.report.run: one comparison per kernel, one shared context; failures and missing variants kept."""
from greenlab import kernels
from greenlab.context import measuring
from greenlab.meters.base import FakeMeter
from greenlab.report.run import run_kernels


def test_every_kernel_shares_the_one_meter_and_grid():
    meter = FakeMeter(power_w=10.0)
    with measuring(meter=meter, country="COL") as context:
        results = run_kernels(context, ["pi"], size="quick", repeat=1, min_time=0.002, progress=False)
    (pi,) = results
    assert pi.error is None and pi.missing == {} and pi.params == kernels.get("pi").params("quick")
    assert pi.params_text.startswith("n=")
    assert {m.meter for m in pi.comparison.measurements.values()} == {"fake"}
    assert {m.country for m in pi.comparison.measurements.values()} == {"COL"}
    assert not meter.closed  # the context did not open it, so it is not its to close


def test_a_disagreeing_kernel_keeps_its_error_and_the_next_runs(monkeypatch):
    import greenlab.kernels.pi.numpy_ as pi_numpy

    monkeypatch.setattr(pi_numpy, "estimate_pi", lambda x, y: 3.0)
    with measuring(meter=FakeMeter()) as context:
        pi, diffusion = run_kernels(context, ["pi", "diffusion"], size="quick", repeat=1, min_time=0.002,
                                    progress=False)
    assert pi.comparison is None and "numpy" in pi.error
    assert diffusion.error is None and diffusion.comparison is not None
