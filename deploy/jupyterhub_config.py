"""JupyterHub for a class on one server: the course's configuration.

Use: on a Linux server with one system account per learner (PAM log-in), in the Python
environment where the course's wheel and JupyterHub are installed:

    pip install closereading-*.whl -r deploy/requirements-image.txt
    npm install -g configurable-http-proxy@5.3.0
    COURSE_REPO=https://GIT-HOST/ORG/closereading COURSE_SPAWNER=systemd \
        jupyterhub -f deploy/jupyterhub_config.py

Settings a teacher changes are read from the environment, so this file stays as it is:

    COURSE_TEACHERS     space-separated accounts that are hub admins (default: none)
    COURSE_LEARNERS     space-separated accounts allowed to log in (default: every
                        account of the server that PAM accepts)
    COURSE_FOLDER       the folder in each home that holds the course's notebooks
                        (default: closereading-course/notebooks, where the nbgitpuller
                        link of deploy/README.md puts them)
    COURSE_REPO         the course's git repository: logging in runs the nbgitpuller
                        link (clone or update into closereading-course, then notebook 00),
                        so that learners who log in without the link get the course too;
                        unset, logging in opens JupyterLab in the learner's home
    COURSE_BRANCH       the branch of COURSE_REPO (default: main)
    COURSE_MEM_LIMIT    the memory limit of each learner's server (default 1G; see
                        deploy/README.md for the sizing); enforced by the systemd spawner
    COURSE_SPAWNER      "systemd" (recommended: jupyterhub-systemdspawner, which enforces
                        the memory limit, as The Littlest JupyterHub does) or "local"
                        (the default: local processes, no limit enforced)
    COURSE_IDLE_TIMEOUT seconds after which an idle learner's server is stopped by
                        jupyterhub-idle-culler (default 3600; 0 turns the culler off)

Each learner gets their own single-user JupyterLab, as their own system user, in their
own home. The course's progress file lives in each learner's home
(~/.local/share/closereading/progress.json), so learners' progress is kept apart by the
operating system; exports are written beside the notebook.

The test tests/hub/test_hub.py loads this file and changes only the authenticator, the
spawner and the ports, to run it on localhost.
"""

import os
import sys
from importlib.util import find_spec
from urllib.parse import urlencode

from closereading import jupyter_hooks

c = get_config()  # noqa: F821 - defined by JupyterHub when it loads this file

# Log-in: the server's own accounts (PAM). A teacher who prefers another authenticator
# (OAuth through the institution, LTI from the learning platform) changes this line.
c.JupyterHub.authenticator_class = "pam"
teachers = set(os.environ.get("COURSE_TEACHERS", "").split())
learners = set(os.environ.get("COURSE_LEARNERS", "").split())
c.Authenticator.admin_users = teachers
if learners:
    c.Authenticator.allowed_users = learners | teachers
else:
    c.Authenticator.allow_existing_users = True
    c.Authenticator.allow_all = True

# One process per learner, running as that learner: under systemd (a unit per learner,
# with the memory limit enforced by the kernel's cgroups), or as a plain local process.
if os.environ.get("COURSE_SPAWNER", "local") == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.dynamic_users = False          # the server's own accounts
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
else:
    c.JupyterHub.spawner_class = "localprocess"
c.Spawner.mem_limit = os.environ.get("COURSE_MEM_LIMIT", "1G")

# Where logging in leads. With COURSE_REPO, to the nbgitpuller link itself: the course is
# cloned (or brought up to date) into closereading-course and notebook 00 opens, whether
# the learner came by the link or not. Without it, to JupyterLab in the learner's home
# (never a notebook path that may not exist yet: "Could not find path").
FOLDER = os.environ.get("COURSE_FOLDER", "closereading-course/notebooks")
REPO = os.environ.get("COURSE_REPO", "")
if REPO:
    c.Spawner.default_url = "/git-pull?" + urlencode({
        "repo": REPO, "branch": os.environ.get("COURSE_BRANCH", "main"),
        "targetpath": FOLDER.split("/")[0],
        "urlpath": f"lab/tree/{FOLDER}/00-start-here.ipynb"})
else:
    c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120
# The course makes no downloads at run time; JupyterLab's news and update check stay off.
# A notebook a learner saves keeps each widget's static HTML, not its view, which no
# later kernel could render (see closereading/jupyter_hooks.py).
c.Spawner.args = ["--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                  *jupyter_hooks.SERVER_ARGS]
# A learner's server stops when they log out; an idle server (no activity in JupyterLab
# or a kernel) is stopped after COURSE_IDLE_TIMEOUT seconds by jupyterhub-idle-culler, a
# service of the hub with only the permissions it needs. Work is saved in the home.
c.JupyterHub.shutdown_on_logout = True
IDLE = int(os.environ.get("COURSE_IDLE_TIMEOUT", "3600"))
if IDLE > 0 and find_spec("jupyterhub_idle_culler") is not None:
    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE}",
                    f"--cull-every={max(10, min(IDLE // 4, 600))}"]}]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler", "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]

# The hub's own files (database, cookie secret) in its working folder.
c.JupyterHub.db_url = "sqlite:///jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "jupyterhub_cookie_secret"
