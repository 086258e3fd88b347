"""The course on a real JupyterHub, on localhost, installed as deploy/README.md says, with a
class of three: two learners with the same name and one with a non-Latin name.

The recipe. The "One server" commands of ``deploy/README.md`` are read from the file and
run as written, in a fresh virtual environment, from the wheel, with three changes for a
machine without the internet and without system accounts: ``/opt/course`` is a temporary
folder; ``pip install`` gets ``--no-index``, and the environment reads the test
environment's packages after its own (a ``.pth`` line, as tests/wheel_env.py does), so the
pinned dependencies need no download while the course comes from the wheel (the data files
pip would have put under ``share/jupyter`` and ``etc/jupyter`` are copied in, except
JupyterLab's settings folder, which the README's own line makes); the proxy comes from
``make proxy``. The hub runs ``deploy/jupyterhub_config.py`` with the environment the README
names (``COURSE_REPO`` a git repository of the course made here, so that logging in runs the
nbgitpuller link; ``COURSE_IDLE_TIMEOUT``) and, for a test, the dummy authenticator, local
processes with homes in a temporary folder, and free loopback ports.

The class. Each learner logs in (no nbgitpuller link: the hub's default URL is the link),
lands in notebook 00 cloned into ``closereading-course``, runs it, answers its first
question, writes a response to paragraph 0.1, annotates paragraph 1.1 in a cell of their
own, and
exports with the button (name and, for one, an ID). Learner 王芳's server reads an older
answer key (``CLOSEREADING_MATERIALS``: a copy of the materials where the first question's
key is another option, which she answers), so her record is graded under that key.

Then, as the teacher: ``closereading collect`` gathers the three stores from the homes
without starting a server; one collected file is edited by hand (every question "right");
``closereading report`` names both files, keeps the three learners apart, writes each
learner's page, the paragraph pages and the heat map (screenshots in build/screenshots/,
audited with axe), and Canvas and Moodle files that pass the importers' documented rules
(tests/test_grades.py). ``closereading return`` puts a comment where notebook 00 shows it.
An upgrade under a running kernel (the package's files replaced): the kernel says to
restart; the README's loop stops every server through the hub's API; at the next log-in
the learner runs the new course without the notice. The idle culler stops a server left
idle (the time it took is written to
build/hub-timing.json). The memory limit: each learner's server runs in a memory cgroup of
1 GB (what the systemd spawner's MemoryMax does; the test makes the cgroup itself, there
being no systemd here), and one learner runs a cell that needs 1.5 GB: the kernel dies and
restarts, JupyterLab says so, the server lives on. The learners' memory and what the limit
did go to build/hub-memory.json, for the sizing in deploy/README.md.

Without the proxy or Chromium the test skips with the reason; under CI=true it fails.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import hubctl  # noqa: E402
sys.path.insert(0, str(ROOT / "tests"))
PROXY = hubctl.PROXY
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
SCREENSHOTS = ROOT / "build" / "screenshots"
PASSWORD = hubctl.PASSWORD
TEACHER_TOKEN = "teacher-token-for-the-test"
IDLE_TIMEOUT = 40          # seconds, for the culler's test (the course's default is 3600)
# login -> (the name typed at the export, the ID typed)
LEARNERS = {"chenw1": ("Chen Wei", "2026-017"), "chenw2": ("Chen Wei", ""),
            "wangf": ("王芳", "")}
# annotations of paragraph 1.1 (notebook 00 has none of its own): all three quotes hold
# "world peace"
QUOTES = {"chenw1": "uphold world peace", "chenw2": "world peace",
          "wangf": "aims to uphold world peace"}


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {reason}")
    pytest.skip(reason)


# ---------------------------------------------------------------------------------------
# The memory limit: what systemd's MemoryMax (the systemd spawner) or Kubernetes does,
# done here with a memory cgroup of the test's own, so that its effect can be measured

MEM_LIMIT = 1024 ** 3      # COURSE_MEM_LIMIT's default, 1G
RUNAWAY = 'x = b"x" * 1_500_000_000'    # a learner's cell that needs 1.5 GB


def memory_cgroup() -> Path | None:
    """A memory cgroup (version 1) under this process's own, or None where it cannot be
    made (no cgroup file system, not writable)."""
    try:
        line = next(x for x in Path("/proc/self/cgroup").read_text().splitlines()
                    if x.split(":")[1] == "memory")
        base = Path("/sys/fs/cgroup/memory") / line.split(":")[2].lstrip("/")
        group = base / f"closereading-hub-test-{os.getpid()}"
        group.mkdir(exist_ok=True)   # no limit of its own: one per learner, below it
        (group / "memory.use_hierarchy").read_text()
        return group
    except (OSError, StopIteration, IndexError):
        return None


def limited_command(work: Path, group: Path | None, python: Path) -> list[str]:
    """The single-user server's command, inside a cgroup of its own under ``group``."""
    if group is None:
        return [str(python), "-m", "jupyterhub.singleuser"]
    wrapper = work / "in-memory-cgroup"
    wrapper.write_text(f"""#!/bin/bash
g={group}/$JUPYTERHUB_USER
mkdir -p "$g" && echo {MEM_LIMIT} > "$g/memory.limit_in_bytes" && echo $$ > "$g/cgroup.procs"
exec {python} -m jupyterhub.singleuser "$@"
""")
    wrapper.chmod(0o755)
    return [str(wrapper)]


def remove_cgroup(group: Path | None) -> None:
    if group is None:
        return
    for sub in sorted(group.glob("*/"), reverse=True):
        try:
            sub.rmdir()
        except OSError:
            pass
    try:
        group.rmdir()
    except OSError:
        pass


# ---------------------------------------------------------------------------------------
# The recipe of deploy/README.md, run as written


def readme_commands() -> list[str]:
    """The commands of the README's "One server" block, one per line."""
    text = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## One server"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    lines, current = [], ""
    for line in block.splitlines():
        current += line.rstrip("\\").strip() + " "
        if not line.endswith("\\"):
            if current.strip() and not current.strip().startswith("#"):
                lines.append(current.strip())
            current = ""
    return lines


def install_course(work: Path) -> Path:
    """Run the README's install commands into ``work/course``; returns its bin folder."""
    from closereading.build import build_wheel
    wheel = build_wheel(work / "dist")
    prefix = work / "course"
    commands = readme_commands()
    assert any(c.startswith("python3 -m venv /opt/course") for c in commands), commands
    assert any("mkdir -p" in c and "lab/settings" in c for c in commands), commands
    ran = []
    for command in commands:
        if command.startswith(("npm ", "COURSE_", "jupyterhub ")) or " jupyterhub -f" in command:
            continue   # the proxy comes from `make proxy`; the test starts the hub itself
        if "systemdspawner" in command:
            continue   # no systemd on the test machine: the local spawner runs instead
        command = command.replace("/opt/course", str(prefix))
        command = command.replace("build/dist/closereading-*.whl", str(wheel))
        command = command.replace("python3 -m venv", f"{sys.executable} -m venv")
        command = command.replace("pip install ", "pip install --no-index --quiet ")
        if command.startswith(f"{sys.executable} -m venv"):
            venv_part = command.split("&&")[0]
            subprocess.run(venv_part, shell=True, check=True, cwd=ROOT)
            _chain(prefix)
            continue
        if command.startswith("pip install") or command.startswith("mkdir") or \
                command.startswith("cp "):
            command = f". {prefix}/bin/activate && {command}"
        done = subprocess.run(command, shell=True, cwd=ROOT, capture_output=True, text=True,
                              executable="/bin/bash")
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        ran.append(command)
    assert len(ran) >= 2, ran
    python = prefix / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import closereading, closereading.paths as p; "
                            "print(closereading.__file__, p.materials_origin())"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert where[0].startswith(str(prefix)) and where[1] == "packaged", where
    assert (prefix / "share/jupyter/lab/settings/overrides.json").read_text() == \
        (ROOT / "config/jupyterlab-overrides.json").read_text()
    return prefix / "bin"


def _chain(prefix: Path) -> None:
    """The environment reads the test environment's packages after its own, and has the
    data files their installation would have put in it (JupyterLab's settings folder
    excepted: the README's line makes it)."""
    python = prefix / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    ours = Path(sys.prefix)
    for tree in ("share/jupyter", "etc/jupyter"):
        for src in (ours / tree).rglob("*"):
            rel = src.relative_to(ours)
            if src.is_dir() or "lab/settings" in rel.as_posix():
                continue
            dst = prefix / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            if not dst.exists():   # copied: the server's static files refuse links
                shutil.copy2(src, dst)


def course_repository(work: Path) -> Path:
    """A git repository of the course (what the nbgitpuller link clones)."""
    repo = work / "closereading.git"
    repo.mkdir()
    shutil.copytree(ROOT / "notebooks", repo / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    git = ["git", "-c", "user.name=Teacher", "-c", "user.email=teacher@example.invalid"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "course"]):
        subprocess.run(git + args, cwd=repo, check=True)
    return repo


def older_key_materials(work: Path, q) -> Path:
    """A copy of the materials in which question ``q``'s key is another option (the key
    before a correction)."""
    from closereading.paths import materials_dir
    copy = work / "materials-older-key"
    shutil.copytree(materials_dir(), copy)
    bank = next(p for p in (copy / "quizzes").glob(f"{q.notebook}*.yml")
                if f"id: {q.id}" in p.read_text(encoding="utf-8"))
    text = bank.read_text(encoding="utf-8")
    start = text.index(f"id: {q.id}")
    block_end = text.find("\n- id:", start)
    block = text[start:block_end if block_end != -1 else len(text)]
    other = older_answer(q)
    new_block = re.sub(r"\n(\s*)answer: .*", lambda m: f"\n{m.group(1)}answer: {json.dumps(other)}",
                       block, count=1)
    assert new_block != block
    bank.write_text(text.replace(block, new_block), encoding="utf-8")
    return copy


def older_answer(q) -> str:
    return next(o for o in q.options if o != q.answer)


class Hub(hubctl.Hub):
    """The course's hub (tools/hubctl.py) run by the environment installed from the wheel,
    with each learner's server in a memory cgroup, 王芳's server on an older answer key,
    the nbgitpuller link as the default URL (COURSE_REPO), the idle culler, and a token for
    the teacher's script."""

    def __init__(self, workdir: Path, bin_dir: Path, repo: Path, older: Path):
        self.cgroup = memory_cgroup()
        self.bin = bin_dir
        python = bin_dir / "python"
        environment = f"""{{
    "PYTHONHASHSEED": "0", "MPLCONFIGDIR": {str(workdir / 'mpl')!r},
    "PATH": {str(bin_dir) + ':' + os.environ['PATH']!r},
    # 王芳's server reads the key of before a correction
    "CLOSEREADING_MATERIALS": lambda spawner: {str(older)!r} if spawner.user.name == "wangf" else "",
}}"""
        extra = f"""
c.JupyterHub.last_activity_interval = 10
c.JupyterHub.shutdown_on_logout = False
# the teacher's API token, for the README's "stop every server" after an upgrade
c.JupyterHub.services = list(c.JupyterHub.services) + [
    {{"name": "teacher-script", "api_token": {TEACHER_TOKEN!r}}}]
c.JupyterHub.load_roles = list(c.JupyterHub.load_roles) + [
    {{"name": "teacher-script", "services": ["teacher-script"],
     "scopes": ["list:users", "read:users", "read:servers", "servers"]}}]
"""
        workdir.mkdir(parents=True, exist_ok=True)
        super().__init__(workdir, python=python,
                         spawner_cmd=limited_command(workdir, self.cgroup, python),
                         environment=environment, extra=extra,
                         hub_env={"COURSE_REPO": repo.as_uri(),
                                  "COURSE_IDLE_TIMEOUT": str(IDLE_TIMEOUT)})

    def stop(self):
        super().stop()
        remove_cgroup(self.cgroup)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: install Debian's chromium to run the hub test")
    if not PROXY.exists():
        _missing(f"configurable-http-proxy is not installed at {PROXY}: run `make proxy` "
                 "(it needs npm and the npm registry)")
    if shutil.which("node") is None:
        _missing("node is not on PATH: configurable-http-proxy needs Node.js")
    if shutil.which("git") is None:
        _missing("git is not on PATH: the nbgitpuller link needs it")
    from closereading import quiz
    work = tmp_path_factory.mktemp("hub")
    bin_dir = install_course(work)
    first = quiz.questions("00-start-here")[0]
    h = Hub(work, bin_dir, course_repository(work), older_key_materials(work, first))
    yield h
    h.stop()


# ---------------------------------------------------------------------------------------
# A learner's session


def text_of(locator) -> str:
    return " ".join((locator.text_content() or "").split())


IDLE = """() => { const s = document.querySelector('#jp-main-statusbar');
                  return s && /Idle/.test(s.textContent); }"""
RAN = """() => { const p = [...document.querySelectorAll(
           '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
           return p.length > 0 && p.every(x => /\\[\\d+\\]/.test(x.textContent)); }"""


def learner_session(browser, hub, login: str) -> dict:
    from closereading import quiz
    from closereading.quiz.widgets import css_id
    name, student_id = LEARNERS[login]
    first = quiz.questions("00-start-here")[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{hub.url}/hub/login")
        page.fill("#username_input", login)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
        # No link clicked: the hub's default URL is the nbgitpuller link, which clones the
        # course into the home and opens notebook 00.
        page.wait_for_url(f"**/user/{login}/lab/tree/closereading-course/notebooks/"
                          "00-start-here.ipynb**", timeout=180_000)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
        page.wait_for_function(IDLE, timeout=120_000)
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        # No settle and no retry: a Run All that never starts fails this test.
        page.wait_for_function(RAN, timeout=180_000)
        page.wait_for_function(IDLE, timeout=60_000)
        # The first question: 王芳 answers the option her (older) key calls right.
        box = page.locator(f".{css_id(first.id)}")
        box.scroll_into_view_if_needed()
        choices = list(first.choices())
        choice = older_answer(first) if login == "wangf" else first.answer
        box.locator("input[type=radio]").nth(choices.index(choice)).check()
        box.locator(".cr-quiz-check").click()
        box.locator(".cr-quiz-feedback").filter(has_text="Correct.").first.wait_for(timeout=30_000)
        feedback = text_of(box.locator(".cr-quiz-feedback"))
        # A response to paragraph 0.1.
        reading = page.locator(".cr-reading-p-0_1")
        reading.scroll_into_view_if_needed()
        reading.locator("textarea").fill(f"{name} notices the general claim before the specific.")
        reading.locator("textarea").blur()
        reading.locator(".cr-reading-save").click()
        reading.locator(".cr-reading-status").filter(has_text="Saved").first.wait_for(timeout=30_000)
        # An annotation, in a cell of the learner's own at the end of the notebook.
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").last.click()
        page.keyboard.press("Escape")
        page.keyboard.press("b")
        page.keyboard.press("Enter")
        page.keyboard.type('reading.annotate("01-harmonious-world", "1.1")')
        page.keyboard.press("Shift+Enter")
        annotate = page.locator(".cr-annotate").last
        annotate.wait_for(timeout=30_000)
        annotate.scroll_into_view_if_needed()
        annotate.locator(".cr-annotate-quote input").fill(QUOTES[login])
        annotate.locator(".cr-annotate-quote input").blur()
        annotate.locator(".cr-annotate-note textarea").fill(f"{name}: peace comes first.")
        annotate.locator(".cr-annotate-note textarea").blur()
        annotate.locator("button", has_text="Add annotation").click()
        annotate.locator(".cr-annotate-list").filter(has_text="peace comes first") \
            .first.wait_for(timeout=30_000)
        # Export with the button of notebook 00: the name, an ID for one, the login recorded.
        export = page.locator(".cr-export")
        export.scroll_into_view_if_needed()
        assert f"Your hub login, {login}, is recorded" in text_of(export)
        export.locator("input[type=text]").first.fill(name)
        export.locator(".cr-export-id input").fill(student_id)
        export.locator("input[type=text]").first.blur()
        export.locator(".cr-export-id input").blur()
        export.locator("button", has_text="Export my submission").click()
        message = page.locator(".cr-export-message")
        message.filter(has_text="Exported.").first.wait_for(timeout=30_000)
        said = text_of(message)
        page.screenshot(path=str(SCREENSHOTS / f"hub-{login}-exported.png"))
        pid = hub.servers().get(login)
        memory = hubctl.tree_rss_mb(pid) if pid else 0.0
        result = {"feedback": feedback, "export_message": said, "memory_mb": memory}
        if login == "chenw2" and hub.cgroup is not None:
            result["runaway"] = runaway_cell(page, hub, login, pid)
        return result
    except Exception:
        page.screenshot(path=str(SCREENSHOTS / f"hub-{login}-failed.png"))
        raise AssertionError(f"{login} at {page.url}: "
                             + " ".join(page.locator("body").inner_text().split())[:800]
                             + "\n" + hub.tail())
    finally:
        context.close()


def runaway_cell(page, hub, login: str, server_pid: int) -> dict:
    """The learner runs a cell that needs more memory than the limit: the kernel is
    stopped and restarted, JupyterLab says so, the server and the saved work stay."""
    group = hub.cgroup / login
    before = int((group / "memory.usage_in_bytes").read_text())
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").last.click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("Enter")
    page.keyboard.type(RUNAWAY)
    started = time.monotonic()
    page.keyboard.press("Shift+Enter")
    dialog = page.locator(".jp-Dialog").filter(has_text="appears to have died")
    dialog.first.wait_for(timeout=120_000)
    stopped_after = time.monotonic() - started
    said = text_of(dialog.first)
    page.screenshot(path=str(SCREENSHOTS / f"hub-{login}-kernel-died.png"))
    dialog.first.locator("button").last.click()
    page.wait_for_function(IDLE, timeout=120_000)
    return {"dialog": said, "stopped_after_s": round(stopped_after, 1),
            "usage_before_mb": round(before / 2 ** 20),
            "peak_mb": round(int((group / "memory.max_usage_in_bytes").read_text()) / 2 ** 20),
            "limit_hits": int((group / "memory.failcnt").read_text()),
            "server_alive": hub.servers().get(login) == server_pid}


def open_notebook(page, hub, login: str) -> None:
    page.goto(f"{hub.url}/hub/login")
    if page.locator("#username_input").count():
        page.fill("#username_input", login)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
    page.wait_for_url(f"**/user/{login}/lab/**", timeout=180_000)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
    page.wait_for_function(IDLE, timeout=120_000)


def run_all(page) -> None:
    """Run All (a saved notebook keeps its widgets' static HTML, not their live views)."""
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    page.wait_for_function(RAN, timeout=180_000)
    page.wait_for_function(IDLE, timeout=60_000)


def check_again(page, login: str) -> str:
    """Check the first question again, in the kernel that runs; what the question says."""
    from closereading import quiz
    from closereading.quiz.widgets import css_id
    first = quiz.questions("00-start-here")[0]
    box = page.locator(f".{css_id(first.id)}")
    box.wait_for(timeout=60_000)
    box.scroll_into_view_if_needed()
    box.locator(".cr-quiz-check").click()
    box.locator(".cr-quiz-feedback").filter(has_text="Correct.").first.wait_for(timeout=30_000)
    return text_of(box)


def upgrade_and_restart(hub, login: str = "wangf") -> dict:
    """The course is upgraded under a running kernel (the package's files replaced, as
    `pip install -U` does); the learner's kernel says to restart; the teacher stops every
    server as deploy/README.md says; at the next log-in the learner runs the new course."""
    from playwright.sync_api import sync_playwright
    init = next((hub.bin.parent / "lib").glob("python3*/site-packages/closereading/__init__.py"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            old_pid = hub.servers()[login]
            open_notebook(page, hub, login)
            os.utime(init)                       # the upgrade: the installed files change
            time.sleep(2.5)                      # past installed.CHECK_EVERY
            run_all(page)                        # in the kernel that was running
            upgraded = check_again(page, login)
            page.screenshot(path=str(SCREENSHOTS / f"hub-{login}-restart-notice.png"))
            stop = stop_every_server(hub)
            # the next log-in starts a new server, which runs the new course
            open_notebook(page, hub, login)
            run_all(page)
            after = check_again(page, login)
            return {"upgraded": upgraded, "after": after, "stopped": stop,
                    "new_server": hub.servers().get(login) not in (None, old_pid)}
        finally:
            context.close()
            browser.close()


def stop_every_server(hub) -> str:
    """deploy/README.md's loop that stops every learner's server, run as written (the
    hub's address and the token put in)."""
    text = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### After an upgrade"):]
    loop = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    loop = loop.replace("https://HUB", hub.url)
    done = subprocess.run(["bash", "-c", loop], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, TOKEN=TEACHER_TOKEN))
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 60
    while hub.servers() and time.monotonic() < deadline:
        time.sleep(1)
    assert hub.servers() == {}, "the README's loop did not stop the servers:\n" + hub.tail()
    return done.stdout


def in_own_thread(fn):
    """Run ``fn`` in a thread of its own: Playwright's sync API refuses to start where an
    asyncio loop runs, as it does in a test worker whose browser tests keep a session
    open (tests/browser/conftest.py)."""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn).result()


def class_of_three(hub) -> dict:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            return {login: learner_session(browser, hub, login) for login in LEARNERS}
        finally:
            browser.close()


def look_at_the_report(out: Path) -> dict:
    """Screenshots of the report's pages, and an axe audit of each."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright
    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        outside = []
        page.on("request", lambda r: outside.append(r.url)
                if not r.url.startswith("file://") else None)
        pages = ["index.html", "heatmap.html", "paragraphs/0.1.html",
                 *sorted(f"learners/{x.name}" for x in (out / "learners").iterdir())]
        for rel in pages:
            page.goto((out / rel).as_uri())
            shot = "hub-report-" + rel.replace("/", "-").replace(".html", "") + ".png"
            if rel == "heatmap.html":
                button = page.locator("button.count").first
                button.scroll_into_view_if_needed()
                button.click()
                page.locator("[popover]:popover-open").wait_for(timeout=5_000)
            page.screenshot(path=str(SCREENSHOTS / shot))
            violations = Axe().run(page).response["violations"]
            found[rel] = [(v["id"], v["impact"]) for v in violations
                          if v["impact"] in ("serious", "critical")]
        browser.close()
    found["outside requests"] = outside
    return found


# ---------------------------------------------------------------------------------------
# The test


def run(hub, *args) -> subprocess.CompletedProcess:
    """The course's command, from the hub's environment (the wheel)."""
    env = dict(os.environ)
    env.pop("CLOSEREADING_MATERIALS", None)
    return subprocess.run([str(hub.bin / "python"), "-m", "closereading", *args],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.timeout(1800)   # three servers, three Run Alls, the culler; slow on a loaded machine
def test_a_class_of_three_on_the_hub_from_the_wheel(hub, tmp_path):
    from closereading import quiz
    from closereading.quiz import regrade
    from test_grades import canvas_problems, moodle_problems
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    first = quiz.questions("00-start-here")[0]
    sessions = in_own_thread(lambda: class_of_three(hub))
    upgrade = in_own_thread(lambda: upgrade_and_restart(hub))
    left_at = time.monotonic()     # the learners' browsers are closed: from now on, idle
    assert "Restart the kernel" in upgrade["upgraded"], upgrade["upgraded"]
    assert "a new build of the same version" in upgrade["upgraded"]
    assert "Restart the kernel" not in upgrade["after"] and upgrade["new_server"], upgrade
    for login, s in sessions.items():
        assert "Correct." in s["feedback"], (login, s["feedback"])
        assert "Exported." in s["export_message"], s
    running = hub.servers()
    assert sorted(running) == ["wangf"]   # the others were stopped by the README's loop
    from closereading.jupyter_hooks import SERVER_ARGS
    for pid in running.values():
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        assert all(arg in cmd for arg in SERVER_ARGS), cmd

    # Each learner's export: a file of their own, the login recorded, the key's digest kept.
    exports = {}
    for login, (name, sid) in LEARNERS.items():
        found = list((hub.homes / login / "closereading-course" / "notebooks")
                     .glob("closereading-submission-*.json"))
        assert len(found) == 1, (login, found)
        exports[login] = found[0]
        data = json.loads(found[0].read_text(encoding="utf-8"))
        assert (data["name"], data["id"], data["login"]) == (name, sid, login)
    assert exports["wangf"].name == "closereading-submission-wangf.json"
    assert exports["chenw1"].name == "closereading-submission-chen-wei-chenw1.json"
    assert exports["chenw2"].name == "closereading-submission-chen-wei-chenw2.json"
    wang = json.loads(exports["wangf"].read_text(encoding="utf-8"))
    entry = next(e for e in wang["questions"] if e["id"] == first.id)
    assert entry["correct"] is True and entry["key"] != regrade.key_fingerprint(first)

    # The teacher collects from the homes, without starting a server.
    collected = tmp_path / "collected"
    done = run(hub, "collect", "--out", str(collected), "--homes", str(hub.homes / "{login}"))
    assert done.returncode == 0, done.stderr
    assert "collected 3 submissions" in done.stdout, done.stdout
    files = sorted(p.name for p in collected.iterdir())
    assert files == ["closereading-submission-chen-wei-chenw1.json",
                     "closereading-submission-chen-wei-chenw2.json",
                     "closereading-submission-wangf.json"]
    # One file edited by hand: every question "right".
    edited = collected / "closereading-submission-chen-wei-chenw2.json"
    data = json.loads(edited.read_text(encoding="utf-8"))
    for e in data["questions"]:
        e.update(answered=True, correct=True, first_try=True, attempts=max(e["attempts"], 1))
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    out = tmp_path / "report"
    done = run(hub, "report", str(collected), "--out", str(out), "--format", "canvas")
    assert done.returncode == 0, done.stderr
    assert "read 3 submissions (0 left out)" in done.stdout
    html = (out / "index.html").read_text(encoding="utf-8")
    trust = html[html.index('<h2 id="trust">'):html.index('<h2 id="hard">')]
    assert "closereading-submission-chen-wei-chenw2.json" in trust
    assert "the file was edited by hand" in trust
    assert re.search(r"learner-wangf\.html.*?1 graded under an earlier answer key", trust, re.S)
    assert "shares the name with 1 other learner; told apart by login \u2018chenw1\u2019" in html
    assert sorted(p.name for p in (out / "learners").iterdir()) == [
        "chen-wei-chenw1.html", "chen-wei-chenw2.html", "learner-wangf.html"]
    paragraph = (out / "paragraphs" / "0.1.html").read_text(encoding="utf-8")
    assert "Responses (3 of 3 learners)" in paragraph and "王芳 notices" in paragraph
    heat = (out / "heatmap.html").read_text(encoding="utf-8")
    assert 'aria-label="3 learners annotated this passage' in heat   # "world peace": all three
    canvas = (out / "grades.csv").read_text(encoding="utf-8")
    assert canvas_problems(canvas) == []
    rows = {r[3]: r for r in csv.reader(canvas.splitlines()[2:])}
    assert sorted(rows) == sorted(LEARNERS) and rows["chenw1"][2] == "2026-017"
    assert rows["wangf"][0] == "王芳" and rows["wangf"][5] == "0.0"   # graded by today's key
    done = run(hub, "report", str(collected), "--out", str(tmp_path / "moodle"),
               "--format", "moodle", "--bom")
    assert done.returncode == 0, done.stderr
    moodle = (tmp_path / "moodle" / "grades.csv").read_text(encoding="utf-8")
    assert moodle.startswith("\ufeffUsername,ID number,Full name,")
    assert moodle_problems(moodle, "Username") == []
    audit = in_own_thread(lambda: look_at_the_report(out))
    assert audit.pop("outside requests") == []
    assert all(v == [] for v in audit.values()), audit

    # Feedback returned to a learner, where notebook 00 shows it.
    comments = out / "comments.csv"
    filled = comments.read_text(encoding="utf-8").replace(
        "wangf,,王芳,", "wangf,,王芳,Look again at the first question.")
    comments.write_text(filled, encoding="utf-8")
    done = run(hub, "return", str(comments), "--homes", str(hub.homes / "{login}"))
    assert done.returncode == 0 and "returned comments to 1 learner" in done.stdout, done
    assert json.loads((hub.homes / "wangf" / ".local/share/closereading/feedback.json")
                      .read_text(encoding="utf-8"))["comment"] == "Look again at the first question."

    # The memory limit: the runaway cell lost its kernel, not its server.
    limit = {"limit_mb": MEM_LIMIT // 2 ** 20, "enforced_by": "not measured: no writable "
             "memory cgroup on this machine"}
    if hub.cgroup is not None:
        runaway = sessions["chenw2"]["runaway"]
        assert "appears to have died" in runaway["dialog"], runaway
        assert runaway["server_alive"] and runaway["peak_mb"] <= MEM_LIMIT // 2 ** 20, runaway
        assert runaway["limit_hits"] > 0, runaway    # the learner's own limit stopped it
        limit = {"limit_mb": MEM_LIMIT // 2 ** 20, "cell": RUNAWAY, **runaway,
                 "enforced_by": "a memory cgroup (v1) per learner's server, as systemd's "
                                "MemoryMax does for the systemd spawner"}

    # The idle culler stops the learners' servers once they are idle (no browser is open).
    memory = {login: round(s["memory_mb"]) for login, s in sessions.items()}
    hub_mb = hubctl.tree_rss_mb(hub.proc.pid) - sum(hubctl.tree_rss_mb(pid) for pid in hub.servers().values())
    while hub.servers() and time.monotonic() - left_at < IDLE_TIMEOUT * 8:
        time.sleep(2)
    culled_after = time.monotonic() - left_at
    assert hub.servers() == {}, "the idle culler did not stop the servers:\n" + hub.tail()
    (ROOT / "build" / "hub-memory.json").write_text(json.dumps({
        "learners_mb": memory, "hub_proxy_and_culler_mb": round(hub_mb),
        "memory_limit": limit,
        "note": "resident memory of each learner's single-user server and its kernel after "
                "Run All of notebook 00, a response, an annotation and an export"}, indent=1))
    (ROOT / "build" / "hub-timing.json").write_text(json.dumps({
        "idle_timeout_s": IDLE_TIMEOUT, "cull_every_s": 10,
        "servers_stopped_within_s": round(culled_after),
        "note": "seconds from the learners' browsers closing until the culler had stopped "
                "every server (the hub records activity every 10 s)"}, indent=1))
