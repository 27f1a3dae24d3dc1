"""Tensor exchange with Triton's Python-backend stub that is safe under numpy 2.

The stub (Triton 2.51) is compiled against numpy 1's C layout: under numpy >= 2 `as_numpy()` hands back
zeros and `pb_utils.Tensor(name, array)` sends nothing. Tensors therefore travel through DLPack when
numpy >= 2 (`as_numpy()` / `Tensor()` stay in use under numpy 1). Used in two places:
  - triton_model.py (our own Python-backend model) imports it;
  - compat.py appends this file's source to PyTriton's proxy model, which runs inside the same stub.
Everything below the marker line must stay self-contained (it is pasted into another module).
"""
# --- servesim: numpy-2-safe tensor exchange with the Python-backend stub (pb_tensors.py) ---
import ctypes as _servesim_ct

import numpy as _servesim_np
import triton_python_backend_utils as pb_utils

_SERVESIM_NP2 = int(_servesim_np.__version__.split(".")[0]) >= 2
_SERVESIM_USED = b"used_dltensor"
_servesim_set_name = _servesim_ct.pythonapi.PyCapsule_SetName
_servesim_set_name.argtypes = [_servesim_ct.py_object, _servesim_ct.c_char_p]
_servesim_set_name.restype = _servesim_ct.c_int


def _servesim_to_numpy(tensor):
    if not _SERVESIM_NP2:
        return tensor.as_numpy()
    return _servesim_np.from_dlpack(tensor)


def _servesim_to_pb(name, value):
    if not _SERVESIM_NP2:
        return pb_utils.Tensor(name, value)
    capsule = _servesim_np.ascontiguousarray(value).__dlpack__()
    tensor = pb_utils.Tensor.from_dlpack(name, capsule)
    # The stub renames a consumed capsule "used_dlpack"; numpy's capsule destructor only skips
    # "used_dltensor" and would raise on every response. The stub calls the DLPack deleter itself.
    _servesim_set_name(capsule, _SERVESIM_USED)
    return tensor
