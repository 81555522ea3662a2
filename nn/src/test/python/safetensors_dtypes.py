"""Writes nn/src/test/resources/dev/jgrad/nn/io/torch_dtypes.safetensors, one tensor per dtype
that PyTorch writes and jgrad reads, with torch (1.13, Debian's python3-torch) and the reference
safetensors library (0.8.0). SafeTensorsDTypeTest reads it; the test needs neither.

Run from the repository root:
  PYTHONPATH=DIR_WITH_SAFETENSORS /usr/bin/python3 nn/src/test/python/safetensors_dtypes.py

For every dtype X the file holds "X" (the tensor in that dtype) and "X.f64" (the same tensor
converted to float64 by torch), so the test compares jgrad's decoding with torch's without a
number typed by hand. "rounding.source" (float64 values exactly representable in float32,
including ties, subnormals and overflow) comes with torch's "rounding.f16" and "rounding.bf16":
jgrad's F16 and BF16 writer must round to the same values. "bn.*" is a BatchNorm1d state dict,
whose num_batches_tracked is an I64 scalar.
"""
import torch
from safetensors.torch import save_file

OUT = "nn/src/test/resources/dev/jgrad/nn/io/torch_dtypes.safetensors"

floats = [0.0, -0.0, 1.0, -2.5, 0.1, 1e-5, 6.1e-05, 3.0e-8, 65504.0, 1e38, float("inf"),
          float("-inf"), float("nan")]
tensors = {
    "F64": torch.tensor([[1.5, -2.25, 1e-300], [0.1, float("inf"), float("nan")]],
                        dtype=torch.float64),
    "F32": torch.tensor(floats, dtype=torch.float32),
    "F16": torch.tensor(floats, dtype=torch.float16),
    "BF16": torch.tensor(floats, dtype=torch.bfloat16),
    "I64": torch.tensor([[0, 1, -1], [2**53, -(2**53), 123456789012]], dtype=torch.int64),
    "I32": torch.tensor([0, 1, -1, 2**31 - 1, -(2**31)], dtype=torch.int32),
    "I16": torch.tensor([0, 1, -1, 2**15 - 1, -(2**15)], dtype=torch.int16),
    "I8": torch.tensor([0, 1, -1, 127, -128], dtype=torch.int8),
    "U8": torch.tensor([[0, 1], [128, 255]], dtype=torch.uint8),
    "BOOL": torch.tensor([True, False, True], dtype=torch.bool),
}
for name in list(tensors):
    tensors[name + ".f64"] = tensors[name].to(torch.float64).clone()

# Values exactly representable in float32, so torch's double -> float step is exact and only
# the final rounding (round to nearest, ties to even) matters.
half_ulp_ties = [1 + 2**-11, 1 + 3 * 2**-11, 2**-24 * 1.5, 2**-25, 65519.0, 65520.0, 70000.0]
bf16_ties = [1 + 2**-8, 1 + 3 * 2**-8, 3.3895313892515355e38, 2**-133 * 1.5]
source = torch.tensor(floats[:-3] + half_ulp_ties + bf16_ties + [-0.3, 12345.678, 1 / 3],
                      dtype=torch.float32).to(torch.float64)
tensors["rounding.source"] = source
tensors["rounding.f16"] = source.to(torch.float32).to(torch.float16).to(torch.float64)
tensors["rounding.bf16"] = source.to(torch.float32).to(torch.bfloat16).to(torch.float64)

torch.manual_seed(0)
bn = torch.nn.BatchNorm1d(3)
bn(torch.randn(8, 3))
for key, value in bn.state_dict().items():
    tensors["bn." + key] = value

save_file({k: v.contiguous() for k, v in tensors.items()}, OUT, metadata={"format": "pt"})
for k, v in tensors.items():
    print(k, v.dtype, list(v.shape), v.flatten().tolist()[:8])
