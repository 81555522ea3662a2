"""Writes nn/src/test/resources/dev/jgrad/nn/io/torch_reference.safetensors with the reference
safetensors library (0.8.0) and torch, and checks that a file written by jgrad loads in torch.

Needs torch (apt-get install python3-torch) and safetensors (pip install safetensors; if pip
installs it for another Python, put its package directory on PYTHONPATH). Run from the
repository root:
  /usr/bin/python3 nn/src/test/python/safetensors_golden.py [jgrad_file.safetensors]
With a jgrad-written file as argument it also loads that file in torch (checked by hand for
F64 and F32 files written by SafeTensors.save / SafeTensors.write, metadata included).
The tensors (SafeTensorsTest checks the same values):
  w64 = [[1.5, -2.25, 3.0], [0.1, 1e-300, -7.0]] (float64)
  b32 = [0.5, -0.1, 65504.0] (float32)
  h16 = [1.0, -2.5, 6.1e-05, 65504.0, 0.099975586] (float16; 6.1e-05 is subnormal-adjacent)
  s64 = 42.0 (0-d float64)
metadata {"format": "pt", "note": "jgrad test"}
"""
import sys

import torch
from safetensors.torch import load_file, save_file

tensors = {
    "w64": torch.tensor([[1.5, -2.25, 3.0], [0.1, 1e-300, -7.0]], dtype=torch.float64),
    "b32": torch.tensor([0.5, -0.1, 65504.0], dtype=torch.float32),
    "h16": torch.tensor([1.0, -2.5, 6.1e-05, 65504.0, 0.1], dtype=torch.float16),
    "s64": torch.tensor(42.0, dtype=torch.float64),
}
save_file(tensors, "nn/src/test/resources/dev/jgrad/nn/io/torch_reference.safetensors",
          metadata={"format": "pt", "note": "jgrad test"})
for k, v in tensors.items():
    print(k, v.dtype, list(v.shape), [repr(float(x)) for x in v.flatten().tolist()])
if len(sys.argv) > 1:
    loaded = load_file(sys.argv[1])
    for k, v in loaded.items():
        print("jgrad file:", k, v.dtype, list(v.shape), v.flatten().tolist()[:6])
