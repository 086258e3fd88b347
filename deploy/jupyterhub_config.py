"""JupyterHub for a class on one server: the course's configuration.

Use: on a Linux server with one system account per learner (PAM log-in), in the Python
environment where the course's wheel and JupyterHub are installed:

    pip install closereading-*.whl jupyterhub==6.1.1 nbgitpuller==1.3.0
    npm install -g configurable-http-proxy@5.3.0
    jupyterhub -f deploy/jupyterhub_config.py

Settings a teacher changes are read from the environment, so this file stays as it is:

    COURSE_TEACHERS     space-separated accounts that are hub admins (default: none)
    COURSE_LEARNERS     space-separated accounts allowed to log in (default: every
                        account of the server that PAM accepts)
    COURSE_FOLDER       the folder in each home that holds the course's notebooks
                        (default: closereading-course/notebooks, where the nbgitpuller
                        link of deploy/README.md puts them)
    COURSE_MEM_LIMIT    the memory limit of each learner's server, for spawners that
                        enforce it (default 1G; see deploy/README.md for the sizing)

Each learner gets their own single-user JupyterLab, as their own system user, in their
own home. The course's progress file lives in each learner's home
(~/.local/share/closereading/progress.json), so learners' progress is kept apart by the
operating system; exports are written beside the notebook.

The test tests/hub/test_hub.py loads this file and changes only the authenticator, the
spawner and the ports, to run it on localhost.
"""

import os

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

# One local process per learner, running as that learner.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.default_url = "/lab/tree/" + os.environ.get(
    "COURSE_FOLDER", "closereading-course/notebooks") + "/00-start-here.ipynb"
c.Spawner.mem_limit = os.environ.get("COURSE_MEM_LIMIT", "1G")
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120
# The course makes no downloads at run time; JupyterLab's news and update check stay off.
# A notebook a learner saves keeps each widget's static HTML, not its view, which no
# later kernel could render (see closereading/jupyter_hooks.py).
c.Spawner.args = ["--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                  *jupyter_hooks.SERVER_ARGS]
# A learner's server stops when they log out; an idle server is ended after an hour by
# jupyterhub-idle-culler where it is installed (see deploy/README.md).
c.JupyterHub.shutdown_on_logout = True

# The hub's own files (database, cookie secret) in its working folder.
c.JupyterHub.db_url = "sqlite:///jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "jupyterhub_cookie_secret"
