"""The README's Slurm recipe, run for real: the job array of shards, then the gather job after it.

Needs a running Slurm (on this machine: `../shared/tools/slurm-single-node.sh start`, a one-node cluster
on 127.0.0.1); skipped, saying why, without one. The scripts are taken from the README itself, so the
recipe the README shows is the recipe that is tested; only the array's size (32 → 4 shards of the four
test sources) and the commit time are put in.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEED

IDS = ["0123456789abcdef", "fedcba9876543210", "00000000000000aa", "1111111111111111"]
SLURM_TOOL = ROOT.parent / "shared" / "tools" / "slurm-single-node.sh"


def readme_recipe() -> tuple[str, str]:
    """(shards.sbatch, the submitting commands) from the README's Slurm section."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text[text.index("### Sharding a large corpus (Slurm)") :]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return blocks[0], blocks[1]


def slurm_up() -> str | None:
    """Why the test cannot run, or None."""
    if not SLURM_TOOL.exists():
        return f"../shared is absent ({SLURM_TOOL} not found)"
    if not shutil.which("sbatch") or not shutil.which("sinfo"):
        return f"Slurm is not installed (run {SLURM_TOOL} start)"
    states = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, timeout=30)
    if states.returncode != 0 or not re.search(r"^(idle|mixed|allocated)", states.stdout, re.M):
        return f"no Slurm node is up (run {SLURM_TOOL} start): {states.stderr.strip() or states.stdout.strip()}"
    return None


def test_the_readme_recipe_declares_what_a_two_cpu_node_has() -> None:
    script, submit = readme_recipe()
    cpus = [int(n) for n in re.findall(r"--cpus-per-task[= ](\d+)", script + submit)]
    assert cpus and max(cpus) <= 2  # more than the node has: pending forever
    assert '-j "${SLURM_CPUS_PER_TASK' in script


@pytest.mark.slow
def test_the_readme_slurm_job_array_builds_and_gathers_the_edition(tmp_path: Path) -> None:
    why = slurm_up()
    if why:
        pytest.skip(why)
    script, submit = readme_recipe()
    project = tmp_path / "p"
    (project / "seeds").mkdir(parents=True)
    for k, sid in enumerate(IDS):
        shutil.copy(SEED, project / "seeds" / f"{k:03d}_{sid}.txt")
    shutil.copy(ROOT / "edition.toml", project / "edition.toml")
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "teiedit").symlink_to(Path(sys.executable).with_name("teiedit"))
    (project / "shards.sbatch").write_text(
        script.replace("# shards.sbatch\n", "").replace("1-32", "1-4").replace("/32", "/4"), "utf-8"
    )
    submit = submit.replace("$(git log -1 --format=%ct)", "1700000000").replace("sbatch --dependency", "sbatch --wait --dependency")
    t0 = time.monotonic()
    run = subprocess.run(["bash", "-euo", "pipefail", "-c", submit], cwd=project, capture_output=True, text=True, timeout=900)
    logs = "".join(p.read_text("utf-8", "replace") for p in sorted(project.glob("slurm-*.out")))
    assert run.returncode == 0, run.stdout + run.stderr + logs
    assert len(list((project / "build" / "state").glob("shard-*-of-0004.sqlite"))) == 4
    tei = sorted(p.name for p in (project / "build" / "deposit" / "data" / "tei").glob("*.xml"))
    assert len(tei) == 4, logs
    assert (project / "build" / "deposit.zip").is_file()
    assert (project / "build" / "html" / "index.html").is_file()
    print(f"Slurm recipe: 4 shards + gather in {time.monotonic() - t0:.0f} s")
