import os


def scaled_dot_product_attention(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, **options):
    if "enable_gqa" in options and os.environ.get("FAKE_TORCH_NO_GQA") == "1":
        raise TypeError("scaled_dot_product_attention() got an unexpected keyword argument 'enable_gqa'")
    unknown = set(options) - {"enable_gqa"}
    if unknown:
        raise TypeError("unexpected keyword arguments %r" % sorted(unknown))
    if q.dim() != 4 or k.shape != v.shape or q.shape[0] != k.shape[0] or q.shape[3] != k.shape[3]:
        raise RuntimeError("bad attention shapes %r %r %r" % (q.shape, k.shape, v.shape))
    if q.shape[1] != k.shape[1] and not (options.get("enable_gqa") and q.shape[1] % k.shape[1] == 0):
        raise RuntimeError("query heads %d and key heads %d differ without enable_gqa" % (q.shape[1], k.shape[1]))
    return q._like(q.shape)


def silu(tensor):
    return tensor._like(tensor.shape)


def gelu(tensor):
    return tensor._like(tensor.shape)
