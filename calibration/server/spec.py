"""Model spec: the list of Triton model configurations one server start hosts, read from JSON (or YAML).

Pure Python (no torch, no pytriton): validates the file and reports every problem with its path, so a
bad spec fails here in milliseconds rather than on the GPU machine. See README.md for the format.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib
import re
from typing import Any, Dict, List, Optional, Tuple

SPEC_VERSION = 1

# name -> (hidden, layers, heads, intermediate, seq_len); BERT-Base and BERT-Large as in the BERT paper.
NETWORKS: Dict[str, Tuple[int, int, int, int, int]] = {
    "bert-base": (768, 12, 12, 3072, 128),
    "bert-large": (1024, 24, 16, 4096, 384),
}
# --tiny swaps every network for this (hidden, layers, heads, intermediate), keeping its seq_len.
TINY_DIMS = (64, 2, 2, 128)
VOCAB_SIZE = 30522

TIMEOUT_ACTIONS = ("REJECT", "DELAY")
_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class SpecError(ValueError):
    """A spec with problems; .problems lists each as 'path: message'."""

    def __init__(self, problems: List[str]):
        super().__init__("invalid model spec:\n  " + "\n  ".join(problems))
        self.problems = problems


@dataclasses.dataclass(frozen=True)
class QueuePolicySpec:
    timeout_action: str = "REJECT"
    default_timeout_microseconds: int = 0
    allow_timeout_override: bool = False
    max_queue_size: int = 0


@dataclasses.dataclass(frozen=True)
class DynamicBatchingSpec:
    preferred_batch_size: Tuple[int, ...] = ()
    max_queue_delay_microseconds: int = 0
    preserve_ordering: bool = False
    priority_levels: int = 0
    default_priority_level: int = 0
    default_queue_policy: Optional[QueuePolicySpec] = None
    priority_queue_policy: Tuple[Tuple[int, QueuePolicySpec], ...] = ()


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    name: str
    network: str
    max_batch_size: int
    instances: int
    dynamic_batching: Optional[DynamicBatchingSpec]  # None: Triton's default scheduler
    gpus: Tuple[int, ...] = (0,)  # the GPUs each get `instances` of this model (Triton's instance_group gpus)


@dataclasses.dataclass(frozen=True)
class NetworkSpec:
    name: str
    hidden: int
    layers: int
    heads: int
    intermediate: int
    seq_len: int
    graph_batch_sizes: str | Tuple[int, ...] = "all"  # "all", "pow2" or an explicit list

    def buckets(self, max_batch: int) -> List[int]:
        """Batch sizes to capture a CUDA graph for, up to max_batch; a batch of n runs the smallest >= n."""
        if self.graph_batch_sizes == "all":
            sizes = list(range(1, max_batch + 1))
        elif self.graph_batch_sizes == "pow2":
            sizes, b = [], 1
            while b < max_batch:
                sizes.append(b)
                b *= 2
            sizes.append(max_batch)
        else:
            sizes = [b for b in self.graph_batch_sizes if b <= max_batch] + [max_batch]
        return sorted(set(sizes))


@dataclasses.dataclass(frozen=True)
class Spec:
    models: Tuple[ModelSpec, ...]
    networks: Dict[str, NetworkSpec]

    def executors_needed(self) -> Dict[str, List[int]]:
        """network -> max batch size each executor index must serve (executor i serves instance i of
        every model of that network, so it needs the largest max_batch_size among models with > i instances)."""
        need: Dict[str, List[int]] = {}
        for m in self.models:
            lst = need.setdefault(m.network, [])
            while len(lst) < m.instances:
                lst.append(0)
            for i in range(m.instances):
                lst[i] = max(lst[i], m.max_batch_size)
        return need


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class _Checker:
    def __init__(self) -> None:
        self.problems: List[str] = []

    def err(self, path: str, msg: str) -> None:
        self.problems.append(f"{path}: {msg}")

    def int_(self, obj: Dict, key: str, path: str, default: Optional[int], lo: int, hi: int = 2**62) -> int:
        v = obj.get(key, default)
        if v is None:
            self.err(f"{path}.{key}", "is required")
            return lo
        if not _is_int(v) or not lo <= v <= hi:
            self.err(f"{path}.{key}", f"must be an integer in [{lo}, {hi}] (got {v!r})")
            return lo
        return v

    def bool_(self, obj: Dict, key: str, path: str, default: bool) -> bool:
        v = obj.get(key, default)
        if not isinstance(v, bool):
            self.err(f"{path}.{key}", f"must be true or false (got {v!r})")
            return default
        return v

    def keys(self, obj: Dict, allowed: Tuple[str, ...], path: str) -> None:
        for k in obj:
            if k not in allowed:
                self.err(f"{path}.{k}", f"unknown key (allowed: {', '.join(allowed)})")


def _queue_policy(c: _Checker, raw: Any, path: str) -> QueuePolicySpec:
    if not isinstance(raw, dict):
        c.err(path, "must be an object")
        return QueuePolicySpec()
    c.keys(raw, ("timeout_action", "default_timeout_microseconds", "allow_timeout_override", "max_queue_size"), path)
    action = raw.get("timeout_action", "REJECT")
    if action not in TIMEOUT_ACTIONS:
        c.err(f"{path}.timeout_action", f"must be one of {', '.join(TIMEOUT_ACTIONS)} (got {action!r})")
        action = "REJECT"
    return QueuePolicySpec(
        timeout_action=action,
        default_timeout_microseconds=c.int_(raw, "default_timeout_microseconds", path, 0, 0),
        allow_timeout_override=c.bool_(raw, "allow_timeout_override", path, False),
        max_queue_size=c.int_(raw, "max_queue_size", path, 0, 0),
    )


def _dynamic_batching(c: _Checker, raw: Any, path: str, max_batch: int) -> Optional[DynamicBatchingSpec]:
    if raw is None or raw is False:
        return None
    if raw is True:
        raw = {}
    if not isinstance(raw, dict):
        c.err(path, "must be an object, true, false or null")
        return None
    c.keys(
        raw,
        (
            "preferred_batch_size",
            "max_queue_delay_microseconds",
            "preserve_ordering",
            "priority_levels",
            "default_priority_level",
            "default_queue_policy",
            "priority_queue_policy",
        ),
        path,
    )
    pref = raw.get("preferred_batch_size", [])
    prefs: List[int] = []
    if not isinstance(pref, list):
        c.err(f"{path}.preferred_batch_size", "must be a list of integers")
    else:
        for i, b in enumerate(pref):
            if not _is_int(b) or b < 1:
                c.err(f"{path}.preferred_batch_size[{i}]", f"must be an integer >= 1 (got {b!r})")
            elif b > max_batch:
                c.err(f"{path}.preferred_batch_size[{i}]", f"must be <= max_batch_size ({max_batch})")
            else:
                prefs.append(b)
    levels = c.int_(raw, "priority_levels", path, 0, 0, 2**31)
    default_level = c.int_(raw, "default_priority_level", path, 0, 0, 2**31)
    if levels and not 1 <= default_level <= levels:
        c.err(f"{path}.default_priority_level", f"must be in [1, priority_levels={levels}] when priority levels are on")
    if not levels and default_level:
        c.err(f"{path}.default_priority_level", "needs priority_levels >= 1")
    dqp = raw.get("default_queue_policy")
    default_policy = _queue_policy(c, dqp, f"{path}.default_queue_policy") if dqp is not None else None
    pqp_raw = raw.get("priority_queue_policy") or {}
    pqp: List[Tuple[int, QueuePolicySpec]] = []
    if not isinstance(pqp_raw, dict):
        c.err(f"{path}.priority_queue_policy", "must be an object mapping level -> queue policy")
    else:
        for k, v in pqp_raw.items():
            p = f"{path}.priority_queue_policy.{k}"
            try:
                level = int(k)
            except ValueError:
                c.err(p, "key must be a priority level (integer)")
                continue
            if not levels or not 1 <= level <= levels:
                c.err(p, f"level must be in [1, priority_levels={levels}]")
                continue
            pqp.append((level, _queue_policy(c, v, p)))
    return DynamicBatchingSpec(
        preferred_batch_size=tuple(prefs),
        max_queue_delay_microseconds=c.int_(raw, "max_queue_delay_microseconds", path, 0, 0),
        preserve_ordering=c.bool_(raw, "preserve_ordering", path, False),
        priority_levels=levels,
        default_priority_level=default_level,
        default_queue_policy=default_policy,
        priority_queue_policy=tuple(sorted(pqp)),
    )


def parse_spec(raw: Any, tiny: bool = False) -> Spec:
    """Validate a decoded spec document; raise SpecError listing every problem."""
    c = _Checker()
    if not isinstance(raw, dict):
        raise SpecError(["$: the spec must be an object with a 'models' list"])
    c.keys(raw, ("version", "networks", "models", "comment"), "$")
    version = raw.get("version", SPEC_VERSION)
    if version != SPEC_VERSION:
        c.err("$.version", f"must be {SPEC_VERSION} (got {version!r})")

    networks: Dict[str, NetworkSpec] = {}
    net_raw = raw.get("networks", {}) or {}
    if not isinstance(net_raw, dict):
        c.err("$.networks", "must be an object keyed by network name")
        net_raw = {}
    for name in net_raw:
        if name not in NETWORKS:
            c.err(f"$.networks.{name}", f"unknown network (known: {', '.join(NETWORKS)})")
    for name, (hidden, layers, heads, inter, seq) in NETWORKS.items():
        opts = net_raw.get(name, {}) or {}
        path = f"$.networks.{name}"
        if not isinstance(opts, dict):
            c.err(path, "must be an object")
            opts = {}
        c.keys(opts, ("seq_len", "graph_batch_sizes"), path)
        seq = c.int_(opts, "seq_len", path, seq, 1, 4096)
        gbs = opts.get("graph_batch_sizes", "all")
        if isinstance(gbs, list):
            if not gbs or not all(_is_int(b) and b >= 1 for b in gbs):
                c.err(f"{path}.graph_batch_sizes", "must be 'all', 'pow2' or a non-empty list of integers >= 1")
                gbs = "all"
            else:
                gbs = tuple(sorted(set(gbs)))
        elif gbs not in ("all", "pow2"):
            c.err(f"{path}.graph_batch_sizes", f"must be 'all', 'pow2' or a list (got {gbs!r})")
            gbs = "all"
        if tiny:
            hidden, layers, heads, inter = TINY_DIMS
        networks[name] = NetworkSpec(name, hidden, layers, heads, inter, seq, gbs)

    models: List[ModelSpec] = []
    models_raw = raw.get("models")
    if not isinstance(models_raw, list) or not models_raw:
        c.err("$.models", "must be a non-empty list")
        models_raw = []
    seen = set()
    for i, m in enumerate(models_raw):
        path = f"$.models[{i}]"
        if not isinstance(m, dict):
            c.err(path, "must be an object")
            continue
        c.keys(m, ("name", "network", "max_batch_size", "instances", "gpus", "dynamic_batching", "comment"), path)
        name = m.get("name")
        if not isinstance(name, str) or not _NAME_RE.match(name):
            c.err(f"{path}.name", f"must match {_NAME_RE.pattern} (got {name!r})")
            name = f"invalid_{i}"
        elif name in seen:
            c.err(f"{path}.name", f"duplicate model name {name!r}")
        seen.add(name)
        network = m.get("network")
        if network not in NETWORKS:
            c.err(f"{path}.network", f"must be one of {', '.join(NETWORKS)} (got {network!r})")
            network = "bert-base"
        mbs = c.int_(m, "max_batch_size", path, None, 1, 1024)
        inst = c.int_(m, "instances", path, 1, 1, 64)
        db = _dynamic_batching(c, m.get("dynamic_batching"), f"{path}.dynamic_batching", mbs)
        gpus = m.get("gpus", [0])
        if not isinstance(gpus, list) or not gpus or not all(_is_int(g) and 0 <= g < 64 for g in gpus) or len(set(gpus)) != len(gpus):
            c.err(f"{path}.gpus", f"must be a non-empty list of distinct GPU indices 0-63 (got {gpus!r})")
            gpus = [0]
        models.append(ModelSpec(name=name, network=network, max_batch_size=mbs, instances=inst, dynamic_batching=db,
                                gpus=tuple(gpus)))
    if c.problems:
        raise SpecError(c.problems)
    return Spec(models=tuple(models), networks=networks)


def load_spec(path: str | pathlib.Path, tiny: bool = False) -> Spec:
    """Read a spec file (.json, or .yaml/.yml when PyYAML is installed)."""
    p = pathlib.Path(path)
    text = p.read_text()
    if p.suffix in (".yaml", ".yml"):
        import yaml  # PyYAML is in the GPU image; JSON needs nothing

        raw = yaml.safe_load(text)
    else:
        raw = json.loads(text)
    return parse_spec(raw, tiny=tiny)


def triton_config_dict(m: ModelSpec, seq_len: int) -> Dict[str, Any]:
    """The model's Triton config as a plain dict (the fields PyTriton writes into config.pbtxt), for
    --list-config when PyTriton is not installed and for logs."""
    cfg: Dict[str, Any] = {
        "name": m.name,
        "backend": "python",
        "max_batch_size": m.max_batch_size,
        "input": [
            {"name": "input_ids", "data_type": "TYPE_INT32", "dims": [seq_len]},
            {"name": "attention_mask", "data_type": "TYPE_INT32", "dims": [seq_len]},
        ],
        "output": [{"name": "logits", "data_type": "TYPE_FP32", "dims": [2]}],
        "instance_group": [{"count": m.instances, "kind": "KIND_CPU"}],
    }
    db = m.dynamic_batching
    if db is not None:
        d: Dict[str, Any] = {}
        if db.preferred_batch_size:
            d["preferred_batch_size"] = list(db.preferred_batch_size)
        if db.max_queue_delay_microseconds:
            d["max_queue_delay_microseconds"] = db.max_queue_delay_microseconds
        if db.preserve_ordering:
            d["preserve_ordering"] = True
        if db.priority_levels:
            d["priority_levels"] = db.priority_levels
            d["default_priority_level"] = db.default_priority_level
        if db.default_queue_policy is not None:
            d["default_queue_policy"] = dataclasses.asdict(db.default_queue_policy)
        if db.priority_queue_policy:
            d["priority_queue_policy"] = {str(k): dataclasses.asdict(v) for k, v in db.priority_queue_policy}
        cfg["dynamic_batching"] = d
    return cfg
