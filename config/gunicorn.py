"""gunicorn settings that belong with the code rather than on the command line of
deploy/systemd/kosilab-web@.service (which passes ``--config config/gunicorn.py``; the options there
win over these)."""

from __future__ import annotations

import gc
from typing import Any

# gunicorn 25+ opens a control socket for its ``gunicornc`` tool, by default $HOME/.gunicorn/
# gunicorn.ctl: one path for every server of the same user on a host, so kosilab-web@2 would take
# over the socket of @1 (and @1's stop delete it). The platform does not use it.
control_socket_disable = True


def worker_exit(server: Any, worker: Any) -> None:
    """A worker is stopping (graceful stop, restart, --max-requests): let Python skip the final
    garbage collections of its shutdown. With the whole app loaded (~250,000 objects) they cost
    about a second of CPU per worker, four workers on two cores, which made a drained server take
    7-11 s to stop; frozen objects are left to the operating system, which frees the memory anyway.
    Open files and connections are closed by the process's exit as before (docs/operations.md)."""
    gc.freeze()
