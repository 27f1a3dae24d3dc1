"""Make PyTriton 0.7.0 (Triton 2.51) run from a `pip install --target` folder next to numpy 2.

Each fix is applied before the server starts and fails loudly if the PyTriton source it patches has
changed, instead of silently serving wrong data:
  1. libs path: PyTriton thinks a package outside site-packages is an editable install and looks for
     its shared libraries in the wrong folder; point it at the wheel's nvidia_pytriton.libs.
  2. libpython: the Python-backend stub links libpython3.X.so.1.0; put its folder on LD_LIBRARY_PATH
     (the interpreter's own LIBDIR, or $SERVESIM_LIBPYTHON_DIR for a carried copy) and check it loads.
  3. numpy 2: the stub's compiled pybind11 reads numpy arrays through the numpy 1 C layout, so with
     numpy 2 every input arrives as zeros and every output leaves empty. The proxy model that runs in
     the stub is rewritten to move tensors through DLPack when numpy >= 2 (as_numpy()/Tensor() stay
     in use under numpy 1).
  4. import path: the stub's embedded interpreter ignores PYTHONPATH; the proxy source names the
     folders holding pyzmq and PyTriton explicitly.
  5. handshake race: a stub may connect to the per-model handshake socket between bind and listen
     (seen with 4 instances starting at once) and fail the model load; the connect is retried.
"""

from __future__ import annotations

import ctypes
import logging
import os
import pathlib
import sys
import sysconfig
from typing import List, Optional

LOG = logging.getLogger("serve.compat")

_MARKER = "# --- servesim: numpy-2-safe tensor exchange"


def numpy2_helpers_source() -> str:
    """pb_tensors.py from its marker line on: the helpers appended to PyTriton's proxy model."""
    src = (pathlib.Path(__file__).resolve().parent / "pb_tensors.py").read_text()
    return "\n\n" + src[src.index(_MARKER):]


_INPUT_OLD = "request[input_name] = input_tensor.as_numpy()"
_INPUT_NEW = "request[input_name] = _servesim_to_numpy(input_tensor)"
_OUTPUT_OLD = "pb_utils.Tensor(name, value)"
_OUTPUT_NEW = "_servesim_to_pb(name, value)"


_FIRST_IMPORT = "import asyncio\n"


def stub_extra_paths() -> List[str]:
    """Folders the stub must import from: PYTHONPATH entries and wherever pyzmq/pytriton/numpy were found.
    (The stub's embedded interpreter ignores PYTHONPATH, so a `pip install --target` folder is invisible
    to it unless named in the proxy source.)"""
    import numpy
    import pytriton
    import zmq

    paths: List[str] = []
    for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) + [
        str(pathlib.Path(m.__file__).resolve().parent.parent) for m in (zmq, pytriton, numpy)
    ]:
        if p and os.path.isdir(p) and p not in paths:
            paths.append(os.path.abspath(p))
    return paths


def patch_proxy_source(src: str, extra_paths: Optional[List[str]] = None) -> str:
    """Rewrite PyTriton's proxy model.py (runs inside the stub): import path fix, DLPack exchange."""
    if src.count(_INPUT_OLD) != 1 or src.count(_OUTPUT_OLD) != 1 or src.count(_FIRST_IMPORT) < 1:
        raise RuntimeError(
            "PyTriton proxy model.py is not the 0.7.0 one this patch was written for "
            f"(found {src.count(_INPUT_OLD)} input and {src.count(_OUTPUT_OLD)} output sites)"
        )
    prelude = (
        "import sys as _servesim_sys\n"
        f"for _servesim_p in reversed({list(extra_paths or [])!r}):\n"
        "    if _servesim_p not in _servesim_sys.path:\n"
        "        _servesim_sys.path.insert(0, _servesim_p)\n"
    )
    src = src.replace(_FIRST_IMPORT, prelude + _FIRST_IMPORT, 1)
    return src.replace(_INPUT_OLD, _INPUT_NEW).replace(_OUTPUT_OLD, _OUTPUT_NEW) + numpy2_helpers_source()


_CONNECT_OLD = "        sock.connect(socket_path.as_posix())\n"
_CONNECT_NEW = "        sock = _servesim_connect(sock, socket_path, should_stop_before_s)\n"
_CONNECT_HELPER = '''

# --- servesim: the handshake server's socket file exists (bind) a moment before it listens; a stub
# --- connecting in that window got ECONNREFUSED and failed its model load. Retry until the deadline.
def _servesim_connect(sock, socket_path, deadline):
    while True:
        try:
            sock.connect(socket_path.as_posix())
            return sock
        except (ConnectionRefusedError, FileNotFoundError):
            if time.time() >= deadline:
                raise
            sock.close()
            time.sleep(0.005)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(max(0.0, deadline - time.time()))
'''


def patch_communication_source(src: str) -> str:
    """Rewrite PyTriton's proxy communication.py (runs inside the stub): retry the handshake connect."""
    if src.count(_CONNECT_OLD) != 1:
        raise RuntimeError(f"PyTriton proxy communication.py: expected one handshake connect, found {src.count(_CONNECT_OLD)}")
    return src.replace(_CONNECT_OLD, _CONNECT_NEW) + _CONNECT_HELPER


def libpython_candidates() -> List[pathlib.Path]:
    """Folders that may hold this interpreter's libpython3.X.so.1.0, best first."""
    dirs: List[pathlib.Path] = []
    env = os.environ.get("SERVESIM_LIBPYTHON_DIR")
    for d in (
        sysconfig.get_config_var("LIBDIR"),
        os.path.join(sys.base_prefix, "lib"),
        f"/usr/lib/{sysconfig.get_config_var('MULTIARCH') or 'x86_64-linux-gnu'}",
        "/usr/lib64",
        "/usr/lib",
        env,
    ):
        if d and pathlib.Path(d) not in dirs:
            dirs.append(pathlib.Path(d))
    return dirs


def ensure_libpython() -> pathlib.Path:
    """Find libpython3.X.so.1.0 for this interpreter, put its folder on LD_LIBRARY_PATH (inherited by
    tritonserver and the stubs) and check that it loads. Returns the library path."""
    soname = f"libpython{sys.version_info.major}.{sys.version_info.minor}.so.1.0"
    for d in libpython_candidates():
        p = d / soname
        if p.exists():
            ctypes.CDLL(str(p))  # raises if it cannot load here
            # Appended, not prepended: a system lib folder ahead of the driver's could shadow libcuda.
            parts = [x for x in os.environ.get("LD_LIBRARY_PATH", "").split(":") if x]
            if str(d) not in parts:
                os.environ["LD_LIBRARY_PATH"] = ":".join(parts + [str(d)])
            LOG.info("libpython for the Python-backend stub: %s", p)
            return p
    raise RuntimeError(
        f"{soname} not found in {[str(d) for d in libpython_candidates()]}; the Triton Python-backend stub "
        "needs it (set SERVESIM_LIBPYTHON_DIR to a folder that holds it)"
    )


def pytriton_libs_dir() -> pathlib.Path:
    import pytriton

    return pathlib.Path(pytriton.__file__).resolve().parent.parent / "nvidia_pytriton.libs"


def apply_pytriton_patches() -> None:
    """Libs path and numpy-2 proxy patch (fixes 1 and 3)."""
    import pytriton.triton as triton_mod
    from pytriton.models.model import Model

    libs = pytriton_libs_dir()
    if not libs.is_dir():
        raise RuntimeError(f"PyTriton's bundled libraries are missing: {libs}")
    triton_mod.get_libs_path = lambda: libs

    if getattr(Model.get_proxy_model_files, "_servesim", False):
        return
    original = Model.get_proxy_model_files
    extra = stub_extra_paths()
    LOG.info("proxy model patched: DLPack tensor exchange, stub import path %s", extra)

    def get_proxy_model_files(self):
        files = original(self)
        key = f"file:{self.model_version}/model.py"
        files[key] = patch_proxy_source(files[key].decode("utf-8"), extra).encode("utf-8")
        key = f"file:{self.model_version}/communication.py"
        files[key] = patch_communication_source(files[key].decode("utf-8")).encode("utf-8")
        return files

    get_proxy_model_files._servesim = True  # type: ignore[attr-defined]
    Model.get_proxy_model_files = get_proxy_model_files
    # Check the patches apply now rather than at the first model load.
    proxy_dir = pathlib.Path(triton_mod.__file__).parent / "proxy"
    patch_proxy_source((proxy_dir / "model.py").read_text())
    patch_communication_source((proxy_dir / "communication.py").read_text())


def set_offline_env() -> None:
    """Nothing is downloaded: weights are random, tokenizers unused."""
    for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ.setdefault(k, "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def versions() -> dict:
    """Versions of what the server runs on, for the logs."""
    out: dict = {"python": sys.version.split()[0]}
    for mod in ("numpy", "torch", "transformers", "zmq"):
        try:
            out[mod] = __import__(mod).__version__
        except Exception as e:  # noqa: BLE001 - report whatever is missing
            out[mod] = f"unavailable ({type(e).__name__})"
    from importlib.metadata import version

    for dist in ("nvidia-pytriton", "tritonclient", "grpcio", "protobuf"):
        try:
            out[dist] = version(dist)
        except Exception as e:  # noqa: BLE001
            out[dist] = f"unavailable ({type(e).__name__})"
    return out


def triton_version_from_log(log: str) -> Optional[str]:
    for line in log.splitlines():
        if "server_version" in line:
            parts = [p.strip() for p in line.split("|") if p.strip()]
            if len(parts) >= 2:
                return parts[1]
    return None
