"""Writes nn/src/test/resources/dev/jgrad/nn/seq/torch_sequence.safetensors: PyTorch (1.13)
weights, inputs, outputs and gradients of LSTM, GRU, RNN, MultiheadAttention,
TransformerEncoderLayer (pre-norm) and sequence cross-entropy, checked by SequenceGoldenTest.

Needs only torch (apt-get install python3-torch); the safetensors file is written by hand
(8-byte little-endian header size, JSON header, raw little-endian data). Run from the
repository root:  /usr/bin/python3 nn/src/test/python/sequence_golden.py
Keys: "<case>.<state-dict key>" for weights (PyTorch's own names), "<case>:<what>" for data.
Every tensor is float64, except the "mha32" case, stored as float32 (weights, input, output).
"""
import json
import struct

import torch
import torch.nn.functional as F

OUT = "nn/src/test/resources/dev/jgrad/nn/seq/torch_sequence.safetensors"
torch.manual_seed(0)
tensors = {}


def put(name, t):
    tensors[name] = t.detach().contiguous().clone()


def put_module(case, module):
    for k, v in module.state_dict().items():
        put(case + "." + k, v)


def recurrent(case, cls, with_cell, layers):
    m = cls(3, 4, num_layers=layers, batch_first=True).double()
    x = torch.randn(2, 5, 3, dtype=torch.float64, requires_grad=True)
    h0 = torch.randn(layers, 2, 4, dtype=torch.float64)
    u = torch.randn(2, 5, 4, dtype=torch.float64)
    if with_cell:
        c0 = torch.randn(layers, 2, 4, dtype=torch.float64)
        out, (hn, cn) = m(x, (h0, c0))
        put(case + ":c0", c0)
        put(case + ":cn", cn)
    else:
        out, hn = m(x, h0)
    (out * u).sum().backward()
    put_module(case, m)
    for name, t in [("x", x), ("h0", h0), ("u", u), ("out", out), ("hn", hn), ("grad_x", x.grad),
                    ("grad_weight_hh_l0", m.weight_hh_l0.grad)]:
        put(case + ":" + name, t)


recurrent("lstm", torch.nn.LSTM, True, 2)
recurrent("gru", torch.nn.GRU, False, 2)
recurrent("rnn", torch.nn.RNN, False, 1)

# Self-attention with a causal mask and a key padding mask (no row fully blocked).
mha = torch.nn.MultiheadAttention(8, 2, batch_first=True).double()
with torch.no_grad():  # non-zero biases, so the test sees them
    mha.in_proj_bias.normal_()
    mha.out_proj.bias.normal_()
x = torch.randn(2, 5, 8, dtype=torch.float64, requires_grad=True)
causal = torch.triu(torch.ones(5, 5, dtype=torch.bool), 1)
pad = torch.tensor([[False] * 5, [False, False, False, True, True]])
out, w = mha(x, x, x, key_padding_mask=pad, attn_mask=causal, average_attn_weights=False)
u = torch.randn(2, 5, 8, dtype=torch.float64)
(out * u).sum().backward()
put_module("mha", mha)
for name, t in [("x", x), ("pad", pad.double()), ("out", out), ("weights", w), ("u", u),
                ("grad_x", x.grad), ("grad_in_proj_weight", mha.in_proj_weight.grad)]:
    put("mha:" + name, t)
# Cross-attention: query [2, 3, 8] over key/value [2, 4, 8], no mask.
q = torch.randn(2, 3, 8, dtype=torch.float64)
k = torch.randn(2, 4, 8, dtype=torch.float64)
v = torch.randn(2, 4, 8, dtype=torch.float64)
out, w = mha(q, k, v, average_attn_weights=False)
for name, t in [("q", q), ("k", k), ("v", v), ("out", out), ("weights", w)]:
    put("cross:" + name, t)
# The same module in float32.
mha32 = torch.nn.MultiheadAttention(8, 2, batch_first=True)
with torch.no_grad():
    mha32.in_proj_bias.normal_()
x32 = torch.randn(2, 5, 8)
out32, _ = mha32(x32, x32, x32, attn_mask=causal)
put_module("mha32", mha32)
put("mha32:x", x32)
put("mha32:out", out32)

# A pre-norm encoder layer with exact GELU and a causal mask.
layer = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation="gelu",
                                         batch_first=True, norm_first=True).double()
with torch.no_grad():
    layer.self_attn.in_proj_bias.normal_()
    layer.norm1.weight.normal_()
    layer.norm2.bias.normal_()
x = torch.randn(2, 5, 8, dtype=torch.float64, requires_grad=True)
out = layer(x, src_mask=causal)
u = torch.randn(2, 5, 8, dtype=torch.float64)
(out * u).sum().backward()
put_module("block", layer)
for name, t in [("x", x), ("out", out), ("u", u), ("grad_x", x.grad)]:
    put("block:" + name, t)

# Cross-entropy over [N, C, L] with ignore_index -1.
logits = torch.randn(2, 3, 4, dtype=torch.float64, requires_grad=True)
y = torch.tensor([[0, 2, -1, 1], [-1, -1, 2, 0]])
loss = F.cross_entropy(logits, y, ignore_index=-1)
loss.backward()
none = F.cross_entropy(logits, y, ignore_index=-1, reduction="none")
for name, t in [("logits", logits), ("y", y.double()), ("loss", loss), ("none", none),
                ("grad_logits", logits.grad)]:
    put("ce:" + name, t)

header, blobs, offset = {}, [], 0
for name, t in tensors.items():
    kind = {torch.float64: "F64", torch.float32: "F32"}[t.dtype]
    data = t.numpy().astype("<f8" if kind == "F64" else "<f4").tobytes()
    header[name] = {"dtype": kind, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
    blobs.append(data)
    offset += len(data)
header["__metadata__"] = {"format": "pt", "source": "nn/src/test/python/sequence_golden.py"}
h = json.dumps(header).encode()
h += b" " * (-len(h) % 8)
with open(OUT, "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
print(f"wrote {len(tensors)} tensors to {OUT}; torch {torch.__version__}")
