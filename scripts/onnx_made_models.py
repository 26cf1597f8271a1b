"""The small PyTorch networks that scripts/onnx_make_fixtures.py exports to ONNX.

Each entry of MODELS is (name, opset, build, inputs, layout, note[, refuse]) where `build()`
returns the torch.nn.Module (called after torch.manual_seed) and `inputs` lists
(graph input name, shape without the batch, sampler). Together they cover the ops an ONNX
importer must take from PyTorch 1.13 (see test/fixtures/onnx-made/README.md); the
`refuse_*` models hold an op Neurite has no counterpart for.
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def lively_init(module, fresh_batchnorm=()):
    """Re-initialises weights so activations stay in a useful range through deep chains.

    Linear/Conv weights ~ N(0, 1.2 / sqrt(fan_in)), biases ~ U(-0.5, 0.5); BatchNorm gets
    non-trivial affine parameters and running statistics, except the modules listed in
    `fresh_batchnorm`, which keep PyTorch's defaults (weight 1, bias 0, mean 0, var 1).
    """
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d)):
                fan_in = m.weight[0].numel()
                m.weight.normal_(0.0, 1.2 / fan_in ** 0.5)
                if m.bias is not None:
                    m.bias.uniform_(-0.5, 0.5)
            elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)) and m not in fresh_batchnorm:
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.3, 0.3)
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
    return module


def normal(rng, shape):
    return (1.5 * rng.randn(*shape)).astype(np.float32)


def pixels(rng, shape):
    """Image intensities in [0, 1]."""
    return rng.rand(*shape).astype(np.float32)


# ---------------------------------------------------------------- covered-op models


def mlp_activations():
    """Gemm (transB) between every activation PyTorch exports as one op, nested Sequentials."""
    return lively_init(nn.Sequential(
        nn.Sequential(nn.Linear(12, 16), nn.ReLU()),
        nn.Sequential(nn.Linear(16, 16), nn.LeakyReLU(0.2)),
        nn.Sequential(nn.Linear(16, 16), nn.ELU(0.7), nn.Linear(16, 16), nn.SELU()),
        nn.Linear(16, 16), nn.Sigmoid(),
        nn.Linear(16, 16), nn.Hardsigmoid(),
        nn.Linear(16, 16), nn.Tanh(),
        nn.Linear(16, 16), nn.Softplus(),
        nn.Linear(16, 16), nn.Softsign(),
        nn.Linear(16, 6), nn.Softmax(dim=-1)))


class GeluSoftplusLogSoftmax(nn.Module):
    """Both GELU patterns, Softplus(beta=2), SiLU, a bias-free Linear (MatMul), LogSoftmax."""

    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(10, 24)
        self.l2 = nn.Linear(24, 24)
        self.l3 = nn.Linear(24, 24)
        self.l4 = nn.Linear(24, 24)
        self.head = nn.Linear(24, 7, bias=False)
        self.gelu = nn.GELU()
        self.gelu_tanh = nn.GELU(approximate='tanh')
        self.softplus2 = nn.Softplus(beta=2.0)
        self.silu = nn.SiLU()

    def forward(self, x):
        x = self.gelu(self.l1(x))
        x = self.gelu_tanh(self.l2(x))
        x = self.softplus2(self.l3(x))
        x = self.silu(self.l4(x))
        return F.log_softmax(self.head(x), dim=1)


class GraphArithClipMatMul(nn.Module):
    """Three inputs: arithmetic with constants and between branches, every Clip form,
    MatMul with parameters, Linear on a 3-D input (MatMul + Add), an Identity output."""

    def __init__(self):
        super().__init__()
        self.fa = nn.Linear(6, 8)
        self.fb = nn.Linear(6, 8)
        self.w = nn.Parameter(torch.randn(6, 8) * 0.4)
        self.scale = nn.Parameter(torch.rand(8) + 0.5)
        self.shift = nn.Parameter(torch.randn(8) * 0.3)
        self.relu6 = nn.ReLU6()
        self.out = nn.Linear(40, 4)
        self.seq = nn.Linear(4, 3)
        self.drop = nn.Dropout(0.3)

    def forward(self, a, b, c):
        a = (a - 0.5) * 2.0 / 3.0 + 1.0
        b = 1.0 - b
        h1, h2 = self.fa(a), self.fb(b)
        mixed = torch.cat([
            self.relu6(h1 + h2),
            torch.clamp(h1 - h2, -0.5, 0.7),
            torch.clamp(h1 * h2, min=0.1),
            h1 / (torch.sigmoid(h2) + 0.5),
            torch.matmul(a, self.w) * self.scale + self.shift,
        ], dim=1)
        main = self.out(mixed)
        seq = torch.relu(self.seq(c))
        return main, seq, h1, self.drop(h1)


class ConvBnConcat(nn.Module):
    """NCHW CNN: input normalisation by per-channel buffers, Conv with/without bias, stride,
    dilation, groups (depthwise and 2), asymmetric kernels, ReLU6, a channel Concat,
    BatchNorm2d, a residual Add, MaxPool with padding, GlobalAveragePool, Flatten, Gemm.

    The stem's Conv + BatchNorm2d is folded into one Conv by the exporter (eval mode); the
    BatchNorm2d after the Concat stays a BatchNormalization node."""

    def __init__(self):
        super().__init__()
        self.register_buffer('mean', torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer('std', torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8),
                                  nn.ReLU())
        self.dw = nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=8, bias=False)
        self.pw = nn.Conv2d(8, 12, 1)
        self.act = nn.ReLU6()
        self.branch_a = nn.Conv2d(12, 6, (3, 5), padding=(1, 2), groups=2)
        self.branch_b = nn.Conv2d(12, 6, 3, padding=2, dilation=2)
        self.bn_mid = nn.BatchNorm2d(12)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(12, 5)

    def forward(self, x):
        x = (x - self.mean) / self.std
        x = self.stem(x)
        x = self.act(self.pw(self.dw(x)))
        y = self.bn_mid(torch.cat([self.branch_a(x), self.branch_b(x)], dim=1))
        x = self.pool(torch.relu(y) + x)
        return self.fc(torch.flatten(self.gap(x), 1))


class PoolPadReshape(nn.Module):
    """NCHW CNN: ZeroPad2d (asymmetric), F.pad, strided Conv, AveragePool with padding both
    ways (count_include_pad False / True), MaxPool, the x.view(x.size(0), -1) shape
    arithmetic, and a permute + constant-shape reshape second output."""

    def __init__(self):
        super().__init__()
        self.pad = nn.ZeroPad2d((1, 2, 0, 3))
        self.conv1 = nn.Conv2d(2, 6, 3, stride=(1, 2))
        self.avg_excl = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)
        self.conv2 = nn.Conv2d(6, 4, 3)
        self.avg_incl = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=True)
        self.maxpool = nn.MaxPool2d(2)
        self.fc = nn.Linear(36, 3)

    def forward(self, x):
        x = torch.tanh(self.conv1(self.pad(x)))
        x = self.avg_excl(x)
        x = F.pad(x, (1, 1, 1, 1))
        x = torch.relu(self.conv2(x))
        x = self.maxpool(self.avg_incl(x))
        flat = self.fc(x.view(x.size(0), -1))
        nhwc = x.permute(0, 2, 3, 1).reshape(-1, 36)
        return flat, nhwc


class GeluChannelSoftmax17(nn.Module):
    """Opset 17 NCHW: Conv, tanh GELU, a freshly initialised BatchNorm2d (the exporter
    deduplicates its equal initializers through Identity nodes; after the GELU so that it is
    not folded into the Conv), Softmax and LogSoftmax on axis 1
    of a rank-4 tensor, GlobalAveragePool + Flatten + Gemm + LogSoftmax on the last axis."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.gelu = nn.GELU(approximate='tanh')
        self.seg = nn.Conv2d(8, 4, 1)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 5)
        lively_init(self, fresh_batchnorm=(self.bn,))

    def forward(self, x):
        x = self.bn(self.gelu(self.conv(x)))
        s = self.seg(x)
        cls = F.log_softmax(self.fc(torch.flatten(self.gap(x), 1)), dim=-1)
        return torch.softmax(s, dim=1), torch.log_softmax(s, dim=1), cls


class LeNetOpset11(nn.Module):
    """Opset 11 LeNet: F.pad, ReLU6 (Clip with inputs), view(x.size(0), -1) (Unsqueeze with
    an `axes` attribute at opset 11), LogSoftmax on axis 1."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5)
        self.c2 = nn.Conv2d(6, 16, 5)
        self.f1 = nn.Linear(400, 32)
        self.f2 = nn.Linear(32, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu6(self.c1(F.pad(x, (2, 2, 2, 2)))), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = x.view(x.size(0), -1)
        return F.log_softmax(self.f2(torch.tanh(self.f1(x))), dim=1)


class ClipPadOpset10(nn.Module):
    """Opset 10: Clip and Pad take attributes (min/max, pads), not inputs."""

    def __init__(self):
        super().__init__()
        self.pad = nn.ZeroPad2d(1)
        self.conv = nn.Conv2d(1, 4, 3, stride=2)
        self.fc = nn.Linear(4 * 5 * 5, 3)

    def forward(self, x):
        x = torch.clamp(self.conv(self.pad(x)), -1.0, 1.0)
        x = F.relu6(x * 4.0)
        return F.softmax(self.fc(torch.flatten(x, 1)), dim=1)


# ---------------------------------------------------------------- models to refuse


class LstmTagger(nn.Module):
    """LSTM over a sequence (ONNX LSTM op): no Neurite layer maps to it."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, batch_first=True)
        self.fc = nn.Linear(6, 2)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.fc(y[:, -1])


class TopKHead(nn.Module):
    """torch.topk (ONNX TopK): sorting has no Neurite counterpart."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 8)
        self.out = nn.Linear(3, 2)

    def forward(self, x):
        return self.out(torch.topk(self.fc(x), 3).values)


class DataDependentIf(nn.Module):
    """A scripted data-dependent branch (ONNX If with subgraphs): control flow is refused."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(5, 5)

    def forward(self, x):
        y = self.fc(x)
        if bool(y.sum() > 0):
            return y * 2.0
        return y - 1.0


class FeatureLoop(nn.Module):
    """A scripted loop whose trip count is read from the input shape (ONNX Loop): the only
    op outside the import list, so the error must name the Loop node."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(5, 5)

    def forward(self, x):
        y = self.fc(x)
        for _ in range(x.size(1)):
            y = torch.tanh(y) * 0.9
        return y


def scripted(cls):
    return lambda: torch.jit.script(lively_init(cls()))


MODELS = [
    ('mlp_activations', 13, mlp_activations, [('x', (12,), normal)], '-',
     'Gemm + every single-op activation; nested nn.Sequential; Softmax on the last axis'),
    ('mlp_gelu_softplus_logsoftmax', 13, lambda: lively_init(GeluSoftplusLogSoftmax()),
     [('x', (10,), normal)], '-',
     'GELU erf pattern, GELU tanh pattern, Softplus(beta=2) as Mul/Softplus/Div, SiLU as '
     'Sigmoid+Mul, bias-free Linear as MatMul, LogSoftmax axis 1'),
    ('graph_arith_clip_matmul', 13, lambda: lively_init(GraphArithClipMatMul()),
     [('a', (6,), normal), ('b', (6,), normal), ('c', (5, 4), normal)], '-',
     'three inputs, four outputs; Add/Sub/Mul/Div with constants and between branches; '
     'Clip(min,max), Clip(min only, max input empty), ReLU6; MatMul with parameters; Linear '
     'on [batch,5,4] as MatMul + Add(bias, x); output h_copy is an Identity of output h'),
    ('cnn_conv_bn_concat_nchw', 13, lambda: lively_init(ConvBnConcat()),
     [('image', (3, 16, 16), pixels)], 'NCHW',
     'pixels in [0,1] normalised inside by [1,3,1,1] initializers; conv variants (the stem '
     'Conv+BatchNorm2d is folded into one Conv by the exporter); channel Concat; BatchNorm2d '
     'with non-trivial running stats; residual Add; MaxPool pad 1'),
    ('cnn_pool_pad_reshape_nchw', 13, lambda: lively_init(PoolPadReshape()),
     [('image', (2, 13, 21), normal)], 'NCHW',
     'Pad from a constant-foldable pads subgraph; AveragePool with pads and count_include_pad '
     '0, or Pad + AveragePool for count_include_pad=True; Shape/Gather/Unsqueeze/Concat/'
     'Reshape; Transpose then Reshape to [-1,36]'),
    ('cnn_gelu_channel_softmax_op17_nchw', 17, lambda: GeluChannelSoftmax17(),
     [('image', (3, 8, 8), normal)], 'NCHW',
     'opset 17; fresh BatchNorm2d whose running_mean/var are Identity nodes of bias/weight; '
     'tanh GELU; Softmax and LogSoftmax over channels (axis 1) of NCHW outputs'),
    ('lenet_view_clip_op11_nchw', 11, lambda: lively_init(LeNetOpset11()),
     [('image', (1, 28, 28), pixels)], 'NCHW',
     'opset 11: Unsqueeze takes `axes` as an attribute; Clip takes min/max inputs; Pad pads '
     'input from a constant subgraph'),
    ('cnn_clip_pad_op10_nchw', 10, lambda: lively_init(ClipPadOpset10()),
     [('image', (1, 10, 10), normal)], 'NCHW',
     'opset 10: Clip min/max and Pad pads are attributes'),
    ('refuse_lstm', 13, lambda: lively_init(LstmTagger()), [('x', (7, 4), normal)], '-',
     'must be refused: LSTM', 'LSTM'),
    ('refuse_topk', 13, lambda: lively_init(TopKHead()), [('x', (10,), normal)], '-',
     'must be refused: TopK', 'TopK'),
    ('refuse_if', 13, scripted(DataDependentIf), [('x', (5,), normal)], '-',
     'must be refused: If (data-dependent control flow with then/else subgraphs); ReduceSum, '
     'Greater and Cast come before it', 'If'),
    ('refuse_loop', 13, scripted(FeatureLoop), [('x', (5,), normal)], '-',
     'must be refused: Loop (trip count from Shape/Gather of the static dim 1, body subgraph '
     'Tanh/Mul)', 'Loop'),
]

OUTPUT_NAMES = {
    'graph_arith_clip_matmul': ['main', 'seq', 'h', 'h_copy'],
    'cnn_pool_pad_reshape_nchw': ['logits', 'nhwc_features'],
    'cnn_gelu_channel_softmax_op17_nchw': ['seg_softmax', 'seg_log_softmax', 'class_log_softmax'],
}
