"""A shape-checking stand-in for PyTorch, enough to run TORCH_KERNELS_SCRIPT without a GPU in tests.

Tensors carry a shape, a dtype and a device, never data; every operation the script uses checks its operands'
shapes the way torch would and returns a tensor of the result's shape. Anything else raises AttributeError, so a
misspelt torch call in the script fails the test. Environment: FAKE_TORCH_GPUS (visible GPUs, default 1),
FAKE_TORCH_CAPABILITY ("9.0"), FAKE_TORCH_NO_GQA / FAKE_TORCH_NO_GROUPED_MM ("1" removes the feature),
FAKE_TORCH_MAX_ELEMENTS (larger allocations raise an out-of-memory error).
"""
import math
import os

from . import cuda, version  # noqa: F401
from . import nn  # noqa: F401

__version__ = "2.8.0+fake"


class dtype:
    def __init__(self, name, size):
        self.name = name
        self.itemsize = size

    def __repr__(self):
        return "torch." + self.name


bfloat16 = dtype("bfloat16", 2)
float16 = dtype("float16", 2)
float32 = dtype("float32", 4)
float = float32
int32 = dtype("int32", 4)
int64 = dtype("int64", 8)
float8_e4m3fn = dtype("float8_e4m3fn", 1)


class device:
    def __init__(self, kind, index=None):
        self.type = kind
        self.index = index

    def __repr__(self):
        return "device(%r, %r)" % (self.type, self.index)


class OutOfMemoryError(RuntimeError):
    pass


def _check_size(shape):
    limit = int(os.environ.get("FAKE_TORCH_MAX_ELEMENTS", str(2**40)))
    if math.prod(shape) > limit:
        raise OutOfMemoryError("CUDA out of memory. Tried to allocate %d elements" % math.prod(shape))


def _shape(args):
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    for size in args:
        if not isinstance(size, int) or size < 0:
            raise TypeError("sizes must be non-negative ints, got %r" % (args,))
    return tuple(args)


def _broadcast(a, b):
    out = []
    for x, y in zip(reversed((1,) * (len(b) - len(a)) + a), reversed((1,) * (len(a) - len(b)) + b)):
        if x != y and 1 not in (x, y):
            raise RuntimeError("shapes %r and %r do not broadcast" % (a, b))
        out.append(max(x, y))
    return tuple(reversed(out))


class Tensor:
    def __init__(self, shape, dt=float32, dev=None, strides=None):
        self.shape = tuple(shape)
        self.dtype = dt
        self.device = dev
        # Row-major unless a transpose said otherwise.
        self._strides = strides if strides is not None else _row_major(self.shape)

    def dim(self):
        return len(self.shape)

    def size(self, index=None):
        return self.shape if index is None else self.shape[index]

    def numel(self):
        return math.prod(self.shape)

    def stride(self):
        return self._strides

    def _like(self, shape, dt=None):
        return Tensor(shape, dt or self.dtype, self.device)

    def to(self, dt):
        if isinstance(dt, dtype):
            return self._like(self.shape, dt)
        raise TypeError("fake .to takes a dtype")

    def float(self):
        return self._like(self.shape, float32)

    def contiguous(self):
        return self._like(self.shape)

    def t(self):
        if self.dim() != 2:
            raise RuntimeError("t() expects a 2-D tensor")
        return self.transpose(0, 1)

    def transpose(self, a, b):
        shape, strides = list(self.shape), list(self._strides)
        shape[a], shape[b] = shape[b], shape[a]
        strides[a], strides[b] = strides[b], strides[a]
        return Tensor(shape, self.dtype, self.device, tuple(strides))

    def flatten(self):
        return self._like((self.numel(),))

    def unsqueeze(self, dim):
        shape = list(self.shape)
        shape.insert(dim if dim >= 0 else len(shape) + dim + 1, 1)
        return self._like(shape)

    def chunk(self, parts, dim=0):
        if self.shape[dim] % parts != 0:
            raise RuntimeError("fake chunk wants an even split")
        shape = list(self.shape)
        shape[dim] //= parts
        return tuple(self._like(shape) for _ in range(parts))

    def repeat_interleave(self, repeats, dim):
        shape = list(self.shape)
        shape[dim] *= repeats
        _check_size(shape)
        return self._like(shape)

    def index_select(self, dim, index):
        if index.dim() != 1 or index.dtype not in (int32, int64):
            raise RuntimeError("index_select wants a 1-D integer index")
        shape = list(self.shape)
        shape[dim] = index.shape[0]
        return self._like(shape)

    def index_add_(self, dim, index, source):
        expected = list(self.shape)
        expected[dim] = index.shape[0]
        if tuple(expected) != source.shape or source.dtype is not self.dtype:
            raise RuntimeError("index_add_: source %r %r does not fit %r" % (source.shape, source.dtype, expected))
        return self

    def pow(self, exponent):
        return self._like(self.shape)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self._like(self.shape[1:])
        if isinstance(key, slice):
            start, stop, step = key.indices(self.shape[0])
            return self._like((len(range(start, stop, step)),) + self.shape[1:])
        raise TypeError("fake tensors index with an int or a slice")

    def _binary(self, other):
        if isinstance(other, Tensor):
            return self._like(_broadcast(self.shape, other.shape))
        if isinstance(other, (int, float_type)):
            return self._like(self.shape)
        return NotImplemented

    __mul__ = __rmul__ = __add__ = __radd__ = __sub__ = __truediv__ = _binary

    def __matmul__(self, other):
        return mm(self, other)


float_type = type(1.0)


def _row_major(shape):
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


def _new(shape, dtype=None, device=None, **_):
    _check_size(shape)
    return Tensor(shape, dtype or float32, device)


def randn(*size, dtype=None, device=None, generator=None):
    return _new(_shape(size), dtype, device)


def zeros(*size, dtype=None, device=None):
    return _new(_shape(size), dtype, device)


def ones(*size, dtype=None, device=None):
    return _new(_shape(size), dtype, device)


def empty(*size, dtype=None, device=None):
    return _new(_shape(size), dtype, device)


def zeros_like(tensor):
    return tensor._like(tensor.shape)


def tensor(values, dtype=None, device=None):
    if not isinstance(values, list):
        raise TypeError("fake torch.tensor takes a flat list")
    return _new((len(values),), dtype, device)


def mm(a, b, out=None):
    if a.dim() != 2 or b.dim() != 2 or a.shape[1] != b.shape[0]:
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (%r and %r)" % (a.shape, b.shape))
    if a.dtype is not b.dtype:
        raise RuntimeError("expected both operands of the same dtype")
    if a.dtype is float8_e4m3fn:
        raise RuntimeError("torch.mm does not take float8 operands")
    result = a._like((a.shape[0], b.shape[1]))
    if out is not None and out.shape != result.shape:
        raise RuntimeError("out has the wrong shape")
    return out if out is not None else result


def _scaled_mm(a, b, scale_a, scale_b, bias=None, scale_result=None, out_dtype=None, use_fast_accum=False):
    if a.dtype is not float8_e4m3fn or b.dtype is not float8_e4m3fn:
        raise RuntimeError("_scaled_mm wants float8 operands")
    if b.stride()[0] != 1:
        raise RuntimeError("mat2 must be col_major")
    if a.shape[1] != b.shape[0] or a.shape[1] % 16 or b.shape[1] % 16:
        raise RuntimeError("bad _scaled_mm shapes %r %r" % (a.shape, b.shape))
    return Tensor((a.shape[0], b.shape[1]), out_dtype or bfloat16, a.device)


def _grouped_mm(a, b, offs=None, bias=None, out_dtype=None):
    if os.environ.get("FAKE_TORCH_NO_GROUPED_MM") == "1":
        raise RuntimeError("grouped gemm is not supported on this device")
    if a.dim() != 2 or b.dim() != 3 or a.shape[1] != b.shape[1] or offs is None or offs.shape != (b.shape[0],):
        raise RuntimeError("bad _grouped_mm operands %r %r" % (a.shape, b.shape))
    if offs.dtype is not int32 or b.stride()[1] != 1:
        raise RuntimeError("_grouped_mm wants int32 offsets and a transposed mat_b")
    return Tensor((a.shape[0], b.shape[2]), out_dtype or a.dtype, a.device)


def softmax(tensor, dim):
    return tensor._like(tensor.shape)


def topk(tensor, k, dim=-1):
    shape = list(tensor.shape)
    if shape[dim] < k:
        raise RuntimeError("selected index k out of range")
    shape[dim] = k
    return tensor._like(shape), tensor._like(shape, int64)


def argsort(tensor, dim=-1, stable=False):
    return tensor._like(tensor.shape, int64)
