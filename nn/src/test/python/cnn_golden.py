"""Writes a small CNN's PyTorch weights and reference values for CnnGoldenTest.

Run from the repository root: /usr/bin/python3 nn/src/test/python/cnn_golden.py
Writes into nn/src/test/resources/dev/jgrad/nn/:
  cnn_torch.safetensors           the state dict of NET below (float64), without the I64 key
                                  1.num_batches_tracked (jgrad keeps no such buffer)
  cnn_torch_expected.safetensors  x (the input), u (an upstream gradient), eval_out, train_out,
                                  running_mean/running_var after that training step,
                                  grad_conv_weight, grad_x (of sum(u * train_out)); and
                                  bn1d_*: a fresh BatchNorm1d(3, momentum=0.3) trained on one
                                  [4, 3, 5] batch bn1d_x (output, running statistics), then
                                  evaluated on it
The safetensors files are written here by hand (8-byte header length, JSON header, raw
little-endian data), so the safetensors package is not needed.
"""
import json
import os
import struct

import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
OUT = os.path.join("nn", "src", "test", "resources", "dev", "jgrad", "nn")

NET = nn.Sequential(
    nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.GroupNorm(2, 4),
    nn.ConvTranspose2d(4, 3, 2, stride=2), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(12, 5))
with torch.no_grad():  # non-trivial statistics and affine parameters, so loading them matters
    NET[1].running_mean.copy_(torch.randn(4) * 0.3)
    NET[1].running_var.copy_(torch.rand(4) + 0.5)
    NET[1].weight.copy_(torch.rand(4) + 0.5)
    NET[1].bias.copy_(torch.randn(4) * 0.2)
    NET[4].weight.copy_(torch.rand(4) + 0.5)
    NET[4].bias.copy_(torch.randn(4) * 0.2)


def write(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float64).numpy().tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


state = {k: v for k, v in NET.state_dict().items() if not k.endswith("num_batches_tracked")}
write(os.path.join(OUT, "cnn_torch.safetensors"), state)

x = torch.randn(3, 2, 4, 4)
NET.eval()
eval_out = NET(x)
NET.train()
xg = x.clone().requires_grad_(True)
train_out = NET(xg)
u = torch.randn(train_out.shape)
(train_out * u).sum().backward()
bn1d = nn.BatchNorm1d(3, momentum=0.3)
bn1d_x = torch.randn(4, 3, 5) * 2 + 1
bn1d_out = bn1d(bn1d_x)
bn1d.eval()
bn1d_eval = bn1d(bn1d_x)
write(os.path.join(OUT, "cnn_torch_expected.safetensors"), {
    "bn1d_x": bn1d_x, "bn1d_out": bn1d_out, "bn1d_running_mean": bn1d.running_mean,
    "bn1d_running_var": bn1d.running_var, "bn1d_eval_out": bn1d_eval,
    "x": x, "u": u, "eval_out": eval_out, "train_out": train_out,
    "running_mean": NET[1].running_mean, "running_var": NET[1].running_var,
    "grad_conv_weight": NET[0].weight.grad, "grad_x": xg.grad})
print("torch", torch.__version__, "keys", list(state))
