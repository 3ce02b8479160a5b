"""Several Switchyard nodes on one PostgreSQL database, for the cluster suites.

The PostgreSQL server is the one tests/compat/run or scripts/test started (SWITCHYARD_TEST_POSTGRES, a connection
string to its "postgres" database); without one, the first cluster asks scripts/postgres for a throwaway server and
stops it at exit. Each cluster gets a database of its own (createdb), so suites never see each other's rows.
"""
import atexit
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

from server import REPO_ROOT, Server

_own_server = None


def _postgres_bin(name):
    found = sorted(d for d in (os.path.join("/usr/lib/postgresql", v, "bin") for v in os.listdir("/usr/lib/postgresql"))
                   if os.path.exists(os.path.join(d, name))) if os.path.isdir("/usr/lib/postgresql") else []
    return os.path.join(found[-1], name) if found else name


def server_connection():
    """The connection string of a PostgreSQL server to create databases on ("Host=...;Port=...;...")."""
    global _own_server
    given = os.environ.get("SWITCHYARD_TEST_POSTGRES")
    if given:
        return given
    if _own_server is None:
        out = subprocess.run(["bash", os.path.join(REPO_ROOT, "scripts", "postgres"), "start", "--no-fsync"],
                             capture_output=True, text=True, check=True, timeout=300).stdout
        values = dict(re.findall(r"^(\w+)='?([^'\n]*)'?$", out, re.M))
        _own_server = values
        atexit.register(lambda: subprocess.run(["bash", os.path.join(REPO_ROOT, "scripts", "postgres"), "stop",
                                                values["SWITCHYARD_PG_DIR"]], timeout=60))
    return _own_server["SWITCHYARD_TEST_POSTGRES"]


def parts(connection):
    return {k.strip().lower(): v.strip() for k, v in (p.split("=", 1) for p in connection.split(";") if "=" in p)}


def create_database(prefix):
    """A new empty database on the test server; returns its connection string."""
    base = server_connection()
    p = parts(base)
    name = f"{prefix}_{os.getpid()}_{int(time.time() * 1000) % 10**9}"
    subprocess.run([_postgres_bin("createdb"), "-h", p["host"], "-p", p["port"], "-U", p["username"], name],
                   check=True, capture_output=True, timeout=60)
    return f"Host={p['host']};Port={p['port']};Username={p['username']};Database={name}"


def health(url, timeout=5):
    with urllib.request.urlopen(url + "/health", timeout=timeout) as r:
        return json.loads(r.read())


class Cluster:
    """`count` nodes (node1..nodeN) serving on free ports, each with its own data directory, one database."""

    def __init__(self, count=3, prefix="cluster", config=None):
        self.connection = create_database(prefix)
        self.dir = tempfile.mkdtemp(prefix="switchyard-cluster-")
        self.config = None
        if config is not None:
            self.config = os.path.join(self.dir, "config.json")
            with open(self.config, "w") as f:
                json.dump(config, f)
        self.nodes = [self._node(i + 1) for i in range(count)]

    def _node(self, number):
        flags = ["--storage", "postgres", "--postgres", self.connection, "--node-id", f"node{number}"]
        if self.config:
            flags += ["--config", self.config]
        data = os.path.join(self.dir, f"node{number}")
        os.makedirs(data, exist_ok=True)
        return Server(*flags, data_dir=data, in_memory=False)

    def start(self):
        for node in self.nodes:
            node.start()
        return self

    def restart(self, index):
        """Starts node `index` again (a new process on a new port, same name and data directory)."""
        old = self.nodes[index]
        old.cleanup()
        self.nodes[index] = self._node(index + 1)
        return self.nodes[index].start()

    def holder_of(self, lease, among=None):
        """The index of the node whose /health lists `lease` as held, or None."""
        for i, node in enumerate(self.nodes):
            if among is not None and i not in among:
                continue
            try:
                if lease in health(node.url)["leases"]:
                    return i
            except OSError:
                continue
        return None

    def logs(self):
        return "\n".join(f"--- node{i + 1} ---\n{n.log_tail(3000)}" for i, n in enumerate(self.nodes))

    def stop(self):
        for node in self.nodes:
            node.cleanup()
        shutil.rmtree(self.dir, ignore_errors=True)
