#!/usr/bin/python3
"""Writes the checkpoint fixtures of tests/neural/weight_store_test.cpp into OUTDIR/weight_store/.

Usage: /usr/bin/python3 make_checkpoint_fixtures.py OUTDIR

Files (all small, written with Debian's python3-torch; the safetensors file by hand, since the
safetensors package is not installed):
  pytorch_model.bin   torch.save(state) with the defaults (zip format, pickle protocol 2)
  model_p2.bin        the same with pickle_protocol=2 given explicitly
  model_p4.bin        the same with pickle_protocol=4 (FRAME, MEMOIZE, SHORT_BINUNICODE, ...)
  model_p5.bin        the same with pickle_protocol=5
  lightning.ckpt      a Lightning-style checkpoint: {"state_dict", "hyper_parameters", "epoch",
                      "pytorch-lightning_version", "custom" (an instance of a class defined here, i.e. an
                      unknown global __main__.CustomThing), "params" (nn.Parameters)}
  compressed.bin      pytorch_model.bin re-zipped with ZIP_DEFLATED (must be refused)
  zip64.bin           pytorch_model.bin rewritten by hand as a zip64 archive (every size and offset in
                      the zip64 extra fields, zip64 end record and locator), as torch writes files > 4 GiB
  legacy.bin          torch.save(..., _use_new_zipfile_serialization=False) (must be refused)
  model.safetensors   the floating-point tensors of the state dict, plus __metadata__
  expected.json       for each file: every tensor's dtype, shape and values (row-major), and the JSON
                      the non-tensor entries of lightning.ckpt must convert to.
"""
import collections
import json
import math
import os
import struct
import sys
import zipfile

import torch

out = os.path.join(sys.argv[1], "weight_store")
os.makedirs(out, exist_ok=True)
torch.manual_seed(1234)


class CustomThing:
    """An arbitrary user class: the C++ reader must keep it as an inert placeholder."""

    def __init__(self):
        self.name = "thing"
        self.values = [1, 2.5, None]


def make_state():
    state = collections.OrderedDict()
    state["f32"] = torch.randn(3, 4)
    state["f16"] = torch.randn(2, 3).half()
    state["bf16"] = torch.randn(5).bfloat16()
    state["f64"] = torch.randn(2, 2).double()
    state["i64"] = torch.arange(-3, 3, dtype=torch.int64).reshape(2, 3)
    state["i32"] = torch.tensor([1, -2, 2147483647], dtype=torch.int32)
    state["i16"] = torch.tensor([-32768, 5], dtype=torch.int16)
    state["i8"] = torch.tensor([-128, 127, 0], dtype=torch.int8)
    state["u8"] = torch.tensor([0, 255, 17], dtype=torch.uint8)
    state["bool"] = torch.tensor([True, False, True])
    state["transposed"] = torch.randn(4, 3).t()  # shape [3, 4], strides (1, 3): not contiguous
    base = torch.randn(10)
    state["shared_a"] = base[0:4]                # two tensors over one storage, offsets 0 and 4
    state["shared_b"] = base[4:10].view(2, 3)
    state["scalar"] = torch.tensor(3.5)
    state["one"] = torch.tensor([7.25])
    state["empty"] = torch.zeros(0, 3)
    state["f16_special"] = torch.tensor([0.0, -0.0, 1.0 / 1024 / 64, 65504.0, float("inf"), -2.0],
                                        dtype=torch.float16)  # includes a subnormal
    # As nn.Module.state_dict() does: an attribute, pickled as BUILD state on the OrderedDict.
    state._metadata = collections.OrderedDict([("", {"version": 1})])
    return state


def describe(t):
    values = t.detach().reshape(-1)
    if t.dtype in (torch.float16, torch.bfloat16, torch.float32, torch.float64):
        # JSON has no infinities: non-finite values are written as the strings "inf", "-inf", "nan".
        values = [float(v) if math.isfinite(v) else str(v) for v in values.double().tolist()]
    elif t.dtype == torch.bool:
        values = [bool(v) for v in values.tolist()]
    else:
        values = [int(v) for v in values.tolist()]
    dtype = str(t.dtype).replace("torch.", "")
    return {"dtype": "bool" if dtype == "bool" else dtype, "shape": list(t.shape), "values": values}


state = make_state()
expected = {}

torch.save(state, os.path.join(out, "pytorch_model.bin"))
torch.save(state, os.path.join(out, "model_p2.bin"), pickle_protocol=2)
torch.save(state, os.path.join(out, "model_p4.bin"), pickle_protocol=4)
torch.save(state, os.path.join(out, "model_p5.bin"), pickle_protocol=5)
for name in ("pytorch_model.bin", "model_p2.bin", "model_p4.bin", "model_p5.bin"):
    expected[name] = {"tensors": {k: describe(v) for k, v in state.items()}}

hyper_parameters = {
    "pretrained_model": "xlm-roberta-large",
    "layer_mix": {"kind": "sparsemax", "layers": [0, 1, 2], "weights": None},
    "dropout": 0.1,
    "big": 2 ** 70,            # LONG1 with 9 bytes
    "negative": -123456789012,  # LONG1 with 5 bytes
    "flags": (True, False),
    "nested": [[1, [2, [3]]], {"a": None}],
}
params = collections.OrderedDict()
params["weight"] = torch.nn.Parameter(torch.randn(2, 2))  # torch._utils._rebuild_parameter
ckpt = {
    "state_dict": state,
    "hyper_parameters": hyper_parameters,
    "epoch": 3,
    "pytorch-lightning_version": "1.9.5",
    "custom": CustomThing(),
    "params": params,
}
torch.save(ckpt, os.path.join(out, "lightning.ckpt"))
expected["lightning.ckpt"] = {
    "tensors": {k: describe(v) for k, v in state.items()},
    "entries": {
        "hyper_parameters": {
            "pretrained_model": "xlm-roberta-large",
            "layer_mix": {"kind": "sparsemax", "layers": [0, 1, 2], "weights": None},
            "dropout": 0.1,
            "big": float(2 ** 70),  # integers beyond 64 bits become floats (documented)
            "negative": -123456789012,
            "flags": [True, False],
            "nested": [[1, [2, [3]]], {"a": None}],
        },
        "epoch": 3,
        "pytorch-lightning_version": "1.9.5",
        "custom": {"__class__": "__main__.CustomThing", "args": [],
                   "state": {"name": "thing", "values": [1, 2.5, None]}},
        "params": {"weight": {"__tensor__": {"dtype": "float32", "shape": [2, 2]}}},
    },
}

# Re-zipped with deflate: the archive is valid, but the reader only supports stored entries.
with zipfile.ZipFile(os.path.join(out, "pytorch_model.bin")) as src, \
        zipfile.ZipFile(os.path.join(out, "compressed.bin"), "w", zipfile.ZIP_DEFLATED) as dst:
    for info in src.infolist():
        dst.writestr(info.filename, src.read(info.filename))



def write_zip64(src_path, dst_path):
    """A stored zip with all central-directory sizes/offsets in zip64 extra fields, written from the
    APPNOTE layout (local headers, central directory, zip64 end record, zip64 locator, end record)."""
    with zipfile.ZipFile(src_path) as src:
        members = [(info.filename, src.read(info.filename), info.CRC) for info in src.infolist()]
    body = bytearray()
    central = bytearray()
    for name, data, crc in members:
        name_bytes = name.encode()
        offset = len(body)
        extra = struct.pack("<HHQQ", 1, 16, len(data), len(data))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                            len(name_bytes), len(extra)) + name_bytes + extra + data
        cextra = struct.pack("<HHQQQ", 1, 24, len(data), len(data), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0x21, crc, 0xFFFFFFFF,
                               0xFFFFFFFF, len(name_bytes), len(cextra), 0, 0, 0, 0, 0xFFFFFFFF)
        central += name_bytes + cextra
    cd_offset = len(body)
    zip64_end_offset = cd_offset + len(central)
    end = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(members), len(members), len(central), cd_offset)
    locator = struct.pack("<IIQI", 0x07064B50, 0, zip64_end_offset, 1)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    with open(dst_path, "wb") as f:
        f.write(bytes(body) + bytes(central) + end + locator + eocd)
    with zipfile.ZipFile(dst_path) as check:  # Python's own reader must agree
        assert [(i.filename, check.read(i.filename)) for i in check.infolist()] == [(n, d) for n, d, _ in members]


write_zip64(os.path.join(out, "pytorch_model.bin"), os.path.join(out, "zip64.bin"))
expected["zip64.bin"] = expected["pytorch_model.bin"]

torch.save(state, os.path.join(out, "legacy.bin"), _use_new_zipfile_serialization=False)

# safetensors, written by hand from the format description: u64 LE header size, JSON header, data.
st_dtypes = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
             torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
             torch.uint8: "U8", torch.bool: "BOOL"}
header = {"__metadata__": {"format": "pt", "note": "written by make_checkpoint_fixtures.py"}}
blobs = []
offset = 0
st_names = ["f32", "f16", "bf16", "f64", "i64", "i32", "i16", "i8", "u8", "bool", "transposed",
            "shared_b", "scalar", "one", "empty"]
for name in st_names:
    t = state[name].contiguous()
    raw = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
    header[name] = {"dtype": st_dtypes[t.dtype], "shape": list(t.shape),
                    "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
header_bytes = json.dumps(header).encode()
header_bytes += b" " * ((8 - len(header_bytes) % 8) % 8)
with open(os.path.join(out, "model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(header_bytes)))
    f.write(header_bytes)
    for raw in blobs:
        f.write(raw)
expected["model.safetensors"] = {
    "tensors": {k: describe(state[k]) for k in st_names},
    "entries": {"__metadata__": header["__metadata__"]},
}

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
