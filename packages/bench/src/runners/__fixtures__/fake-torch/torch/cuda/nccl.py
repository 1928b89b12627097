def _check(inputs, outputs=None, ratio=1):
    if len({t.device.index for t in inputs}) != len(inputs):
        raise RuntimeError("one tensor per device")
    if outputs is not None:
        for i, o in zip(inputs, outputs):
            if o.numel() * ratio[0] != i.numel() * ratio[1]:
                raise RuntimeError("output size mismatch")


def all_reduce(inputs, outputs=None, op=0, streams=None, comms=None):
    _check(inputs)


def all_gather(inputs, outputs, streams=None, comms=None):
    _check(inputs, outputs, (1, len(inputs)))


def reduce_scatter(inputs, outputs, op=0, streams=None, comms=None):
    _check(inputs, outputs, (len(inputs), 1))
