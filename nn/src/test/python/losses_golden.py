"""Prints reference values of the losses computed with torch (copied into LossesTest).

Run: /usr/bin/python3 nn/src/test/python/losses_golden.py
"""
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
pred = torch.tensor([[0.5, -1.2, 2.0], [0.1, 0.7, -0.4]])
target = torch.tensor([[0.0, -1.0, 0.5], [1.0, 0.6, 0.3]])
print("mse", F.mse_loss(pred, target).item(), F.mse_loss(pred, target, reduction="sum").item())
print("l1", F.l1_loss(pred, target).item())
print("huber1", F.huber_loss(pred, target, delta=1.0).item())
print("huber05_none", F.huber_loss(pred, target, delta=0.5, reduction="none").flatten().tolist())
probs = torch.tensor([0.9, 0.2, 0.6, 0.01])
labels = torch.tensor([1.0, 0.0, 1.0, 0.0])
print("bce", F.binary_cross_entropy(probs, labels).item())
print("bce_edge", F.binary_cross_entropy(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 1.0]), reduction="none").tolist())
logits = torch.tensor([2.0, -1.0, 0.3, -4.0, 50.0, -50.0])
blabels = torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
print("bce_logits", F.binary_cross_entropy_with_logits(logits, blabels).item())
print("bce_logits_none", F.binary_cross_entropy_with_logits(logits, blabels, reduction="none").tolist())
z = torch.tensor([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0], [0.2, 0.2, 0.2], [1000.0, -1000.0, 0.0]])
t = torch.tensor([1, 2, 0, 0])
w = torch.tensor([0.5, 2.0, 1.0])
print("ce", F.cross_entropy(z, t).item())
print("ce_none", F.cross_entropy(z, t, reduction="none").tolist())
print("ce_w", F.cross_entropy(z, t, weight=w).item())
print("ce_ls", F.cross_entropy(z, t, label_smoothing=0.1).item())
print("ce_w_ls", F.cross_entropy(z, t, weight=w, label_smoothing=0.2).item())
print("ce_w_ls_sum", F.cross_entropy(z, t, weight=w, label_smoothing=0.2, reduction="sum").item())
print("ce_w_ls_none", F.cross_entropy(z, t, weight=w, label_smoothing=0.2, reduction="none").tolist())
lp = F.log_softmax(z, dim=1)
print("nll_w", F.nll_loss(lp, t, weight=w).item())
scores = torch.tensor([0.5, -2.0, 1.5, 0.1])
ylab = torch.tensor([1.0, 1.0, -1.0, -1.0])
print("hinge", torch.relu(1 - ylab * scores).mean().item())
# BCE at the edges (LossesTest.binaryCrossEntropyAtTheEdgesMatchesPyTorch): values and the gradient
# with respect to p of the summed losses; PyTorch's EPSILON is the float 1e-12.
p = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.3, 1e-20, 1 - 1e-16, 0.5], requires_grad=True)
y = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.25, 0.7])
edge = F.binary_cross_entropy(p, y, reduction="none")
edge.sum().backward()
print("bce_edges", edge.tolist())
print("bce_edges_grad", p.grad.tolist())
p2 = torch.tensor([0.0, 1.0, 0.3], requires_grad=True)
m = F.binary_cross_entropy(p2, torch.tensor([1.0, 0.0, 1.0]))
m.backward()
print("bce_edges_mean", m.item(), p2.grad.tolist())
