import os


def is_available():
    return int(os.environ.get("FAKE_TORCH_GPUS", "1")) > 0


def device_count():
    return int(os.environ.get("FAKE_TORCH_GPUS", "1"))


def get_device_name(device=None):
    return "Fake GPU 80GB"


def get_device_capability(device=None):
    major, minor = os.environ.get("FAKE_TORCH_CAPABILITY", "9.0").split(".")
    return (int(major), int(minor))


def synchronize(device=None):
    if device is not None and isinstance(device, int) and device >= device_count():
        raise RuntimeError("invalid device ordinal")


def empty_cache():
    pass


def _sleep(cycles):
    if not isinstance(cycles, int):
        raise TypeError("cycles must be an int")


_clock = [0.0]


class Event:
    def __init__(self, enable_timing=False):
        self.enable_timing = enable_timing
        self.time_ms = None

    def record(self, stream=None):
        _clock[0] += 0.0125
        self.time_ms = _clock[0]

    def elapsed_time(self, end):
        if not (self.enable_timing and end.enable_timing) or self.time_ms is None or end.time_ms is None:
            raise RuntimeError("events were not recorded with timing")
        return end.time_ms - self.time_ms
