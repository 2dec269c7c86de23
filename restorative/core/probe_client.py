"""Ask this server's /health/ or /ready/ from inside its own container or host:

    python -m restorative.core.probe_client /ready/

Exit status 0 when it answers 200, 1 otherwise (the container HEALTHCHECK, a systemd
ExecStartPost, an orchestrator's exec probe). It sends a Host header Django accepts (the first
of DJANGO_ALLOWED_HOSTS) over plain HTTP to 127.0.0.1:$PORT: the probes are exempt from the
HTTPS redirect. Standard library only, and it does not load Django.
"""

from __future__ import annotations

import http.client
import os
import sys


def probe(path: str, *, port: int, host_header: str, timeout: float = 4.0) -> int:
    """The HTTP status of GET `path` on 127.0.0.1:`port` (0 when nothing answers)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host_header})
        return connection.getresponse().status
    except OSError:
        return 0
    finally:
        connection.close()


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "/health/"
    allowed = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    host = allowed.lstrip(".") if allowed not in ("", "*") else "localhost"
    status = probe(path, port=int(os.environ.get("PORT", "8000")), host_header=host)
    print(f"{path} answered {status or 'nothing'}")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
