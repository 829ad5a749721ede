"""The process graph (config/graph.yaml): one description for the runner and the launch files."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from lam_core.errors import ConfigError
from lam_core.paths import config_dir, config_file


@dataclass(frozen=True)
class NodeSpec:
    package: str
    executable: str
    params_files: tuple[Path, ...]
    remappings: tuple[tuple[str, str], ...] = ()
    shared_memory: bool = True  # Fast DDS shared-memory transport besides UDP (config/graph.yaml)

    @property
    def name(self) -> str:
        return self.executable


@dataclass(frozen=True)
class GraphSpec:
    name: str
    description: str
    use_sim_time: bool
    nodes: tuple[NodeSpec, ...]

    def node(self, name: str) -> NodeSpec:
        for n in self.nodes:
            if n.name == name:
                return n
        raise ConfigError(f"graph {self.name} has no node {name!r}")


def load_graphs(path: Path | None = None) -> dict[str, GraphSpec]:
    path = path or config_file("graph.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    graphs: dict[str, GraphSpec] = {}
    for gname, raw in (data or {}).get("graphs", {}).items():
        nodes = []
        for n in raw.get("nodes", []):
            try:
                params = tuple(config_dir() / p for p in n["params"])
                remaps = tuple((str(a), str(b)) for a, b in (n.get("remappings") or {}).items())
                nodes.append(NodeSpec(str(n["package"]), str(n["executable"]), params, remaps,
                                      bool(n.get("shared_memory", True))))
            except (KeyError, TypeError) as exc:
                raise ConfigError(f"{path}: graph {gname}: bad node entry {n}: {exc}") from exc
        names = [n.name for n in nodes]
        if len(names) != len(set(names)):
            raise ConfigError(f"{path}: graph {gname} names a node twice")
        graphs[gname] = GraphSpec(gname, str(raw.get("description", "")), bool(raw.get("use_sim_time")), tuple(nodes))
    return graphs


def merge_params(*layers: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Per-node parameter overrides of several sources, node by node (later layers win per key)."""
    out: dict[str, dict[str, str]] = {}
    for layer in layers:
        for node, params in layer.items():
            out[node] = {**out.get(node, {}), **params}
    return out


def with_voice(graph: GraphSpec) -> tuple[GraphSpec, dict[str, dict[str, str]]]:
    """The graph plus speech_node (config/speech_node.yaml), and the parameter overrides that
    switch the simulator's microphone on when the graph has a simulator."""
    speech = NodeSpec("lam_voice", "speech_node", (config_file("speech_node.yaml"),))
    overrides = {"sim_node": {"microphone": "true"}} if any(n.name == "sim_node" for n in graph.nodes) else {}
    return GraphSpec(graph.name, graph.description, graph.use_sim_time, (*graph.nodes, speech)), overrides


def load_graph(name: str) -> GraphSpec:
    graphs = load_graphs()
    if name not in graphs:
        raise ConfigError(f"unknown graph {name!r}; known: {', '.join(graphs)}")
    return graphs[name]


def find_executable(package: str, executable: str) -> Path:
    """lib/<package>/<executable> under the first AMENT_PREFIX_PATH entry holding it."""
    prefixes = [p for p in os.environ.get("AMENT_PREFIX_PATH", "").split(os.pathsep) if p]
    for prefix in prefixes:
        candidate = Path(prefix) / "lib" / package / executable
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise ConfigError(
        f"executable {package}/{executable} not found under AMENT_PREFIX_PATH={':'.join(prefixes) or '(unset)'}; "
        "run `make setup`"
    )


def check_namespace(namespace: str) -> str:
    """``namespace`` as a fully qualified ROS namespace ("" and "/" are the root); ConfigError if invalid."""
    ns = "/" + namespace.strip("/") if namespace.strip("/") else "/"
    if ns != "/" and not re.fullmatch(r"(/[A-Za-z_][A-Za-z0-9_]*)+", ns):
        raise ConfigError(f"namespace {namespace!r} is not a valid ROS namespace (e.g. /robot1)")
    return ns


def node_command(node: NodeSpec, use_sim_time: bool, extra_params: dict[str, str] | None = None,
                 namespace: str = "/") -> list[str]:
    """Command line that starts one node as ros2 run / ros2 launch would, in ``namespace``."""
    for p in node.params_files:
        if not p.is_file():
            raise ConfigError(f"{node.name}: params file not found: {p}")
    cmd = [str(find_executable(node.package, node.executable)), "--ros-args", "-r", f"__node:={node.name}"]
    if check_namespace(namespace) != "/":
        cmd += ["-r", f"__ns:={check_namespace(namespace)}"]
    for p in node.params_files:
        cmd += ["--params-file", str(p)]
    cmd += ["-p", f"use_sim_time:={'true' if use_sim_time else 'false'}"]
    for k, v in (extra_params or {}).items():
        cmd += ["-p", f"{k}:={v if v != '' else repr('')}"]  # rcl reads values as YAML: '' is the empty string
    for a, b in node.remappings:
        cmd += ["-r", f"{a}:={b}"]
    return cmd
