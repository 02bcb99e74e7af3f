"""The kernel manager of the course's JupyterLab: jupyter_server's, dated from birth.

jupyter_client lists a new kernel one event-loop turn before jupyter_server
stamps its ``last_activity``. JupyterLab asks for the kernel list every few
seconds, and a ``GET /api/kernels`` that lands in that turn fails with a 500
("The 'last_activity' trait ... expected a datetime, not the NoneType None"):
a red error in the student's browser console while a lesson's kernel starts,
and an intermittent failure of the browser tests. The same race is reported
upstream as jupyter-server/enterprise_gateway#1395.

``StartedKernelManager`` gives a kernel a ``last_activity`` (when it was made)
and an ``execution_state`` ("starting") from the moment it exists; jupyter_server
overwrites both a moment later, as before. ``implant_edu.tools.lab.SERVER_ARGUMENTS``
names it, so every JupyterLab the kit starts uses it.
"""

from __future__ import annotations

from datetime import datetime

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager
from traitlets import default


class StartedKernelManager(ServerKernelManager):
    """``ServerKernelManager`` whose kernel is listable (dated, "starting") from birth."""

    @default("last_activity")
    def _default_last_activity(self) -> datetime:
        return utcnow()

    @default("execution_state")
    def _default_execution_state(self) -> str:
        return "starting"
