"""Writes PyTorch's values and gradients of conv/pool ops for ConvGoldenTest.

Run: /usr/bin/python3 autograd/src/test/python/conv_golden.py
Writes autograd/src/test/resources/dev/jgrad/autograd/conv_golden.txt. Each case is a block:
`case NAME`, then `NAME shape values` lines for the inputs (x, w, b), the upstream gradient u,
the output out, and the gradients dx, dw, db of sum(u * out). All float64.
"""
import os

import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "jgrad", "autograd", "conv_golden.txt")
lines = []


def emit(name, t):
    t = t.detach()
    lines.append(f"{name} {','.join(map(str, t.shape))} {' '.join(repr(v) for v in t.flatten().tolist())}")


def case(name, f, **inputs):
    lines.append(f"case {name}")
    leaves = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    out = f(**leaves)
    u = torch.randn(out.shape)
    (out * u).sum().backward()
    for k, v in leaves.items():
        emit(k, v)
    emit("u", u)
    emit("out", out)
    for k, v in leaves.items():
        emit("d" + k, v.grad)


r = torch.randn
case("conv2d_groups_stride_dilation",
     lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2),
     x=r(2, 4, 5, 6), w=r(6, 2, 3, 3), b=r(6))
case("conv2d_same_even_kernel", lambda x, w: F.conv2d(x, w, padding="same"),
     x=r(1, 2, 5, 4), w=r(3, 2, 4, 3))
case("conv2d_unbatched", lambda x, w, b: F.conv2d(x, w, b, padding=1), x=r(3, 4, 4), w=r(2, 3, 3, 3), b=r(2))
case("conv1d", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1), x=r(2, 3, 7), w=r(4, 3, 3), b=r(4))
case("conv1d_same_dilated", lambda x, w: F.conv1d(x, w, padding="same", dilation=2), x=r(1, 2, 6), w=r(2, 2, 2))
case("conv_transpose2d",
     lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1, groups=2),
     x=r(2, 4, 3, 3), w=r(4, 3, 3, 3), b=r(6))
case("conv_transpose2d_dilated",
     lambda x, w: F.conv_transpose2d(x, w, stride=(1, 2), padding=(0, 1), dilation=(2, 1)),
     x=r(1, 2, 3, 4), w=r(2, 3, 2, 3))
case("max_pool2d", lambda x: F.max_pool2d(x, 3, stride=2, padding=1), x=r(2, 3, 5, 5))
# integer values: ties inside windows show which element PyTorch sends the gradient to
case("max_pool2d_ties", lambda x: F.max_pool2d(x, 2, stride=1), x=torch.randint(0, 3, (1, 2, 4, 4)).double())
case("max_pool2d_rect", lambda x: F.max_pool2d(x, (2, 3), stride=(2, 1), padding=(1, 1)), x=r(1, 2, 4, 5))
case("max_pool1d", lambda x: F.max_pool1d(x, 3, stride=2, padding=1), x=r(2, 2, 8))
case("avg_pool2d_include_pad", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1), x=r(2, 3, 5, 5))
case("avg_pool2d_exclude_pad", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False),
     x=r(2, 3, 5, 5))
case("avg_pool1d", lambda x: F.avg_pool1d(x, 2, stride=1, padding=1, count_include_pad=False), x=r(1, 2, 5))
case("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (3, 2)), x=r(2, 3, 7, 5))
case("adaptive_avg_pool2d_up", lambda x: F.adaptive_avg_pool2d(x, (4, 5)), x=r(1, 2, 3, 3))
case("pad", lambda x: F.pad(x, (1, 2, -1, 1), value=0.5), x=r(2, 3, 4))
case("std", lambda x: torch.std(x, dim=1, correction=1), x=r(3, 4))
case("norm2", lambda x: torch.linalg.vector_norm(x, 2), x=r(3, 4))
case("norm1_dim", lambda x: torch.linalg.vector_norm(x, 1, dim=0), x=r(3, 4))
case("norm_inf_dim", lambda x: torch.linalg.vector_norm(x, float("inf"), dim=1, keepdim=True), x=r(3, 4))
case("max_dim_ties", lambda x: torch.max(x, dim=1).values, x=torch.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]]))
case("min_dim", lambda x: torch.min(x, dim=0).values, x=r(3, 4))
lines.append("case argmin_argmax")
x = torch.tensor([[1.0, -3.0, -3.0, 2.0], [5.0, 5.0, 0.0, 5.0]])
emit("x", x)
emit("argmin", torch.argmin(x, dim=1).double())
emit("argmax_min_dim", torch.min(x, dim=1).indices.double())
emit("argmax_max_dim", torch.max(x, dim=1).indices.double())

with open(OUT, "w") as f:
    f.write(f"# PyTorch {torch.__version__}, written by autograd/src/test/python/conv_golden.py\n")
    f.write("\n".join(lines) + "\n")
print("wrote", OUT, len(lines), "lines")
