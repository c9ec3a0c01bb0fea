"""A GGUF version-3 writer (standard library only) and the encodings tritium reads for a BitNet file:
F32, F16 and I2_S (Microsoft bitnet.cpp's ternary type 36).

Layout as runtime/gguf/gguf_write.c writes it: magic, version, tensor count, metadata count, the
metadata entries, the tensor infos (offsets relative to the data section, each tensor padded to the
alignment, 32), zero padding to the alignment, then the tensor data.
"""
import struct

ALIGN = 32
T_F32, T_F16, T_I2_S = 0, 1, 36

_U32, _I32, _F32, _BOOL, _STR, _ARR = 4, 5, 6, 7, 8, 9


def _s(text):
    b = text.encode("utf-8") if isinstance(text, str) else text
    return struct.pack("<Q", len(b)) + b


def i2s_bytes(n):
    """Bytes of an I2_S tensor of n weights: n/4 code bytes plus a 32-byte tail holding the f32 scale."""
    if n <= 0 or n % 128:
        raise ValueError(f"I2_S needs a multiple of 128 weights, got {n}")
    return n // 4 + 32


def i2s_pack(values, scale):
    """values: the ternary weights {-1, 0, +1} of a rows x cols matrix, row-major (K fastest), as any
    sequence of ints; scale: the float the ternary values multiply. Blocks of 128 weights in 32 bytes,
    byte j = c[j]<<6 | c[j+32]<<4 | c[j+64]<<2 | c[j+96] with code = value + 1, then the scale, zeros."""
    n = len(values)
    out = bytearray(i2s_bytes(n))
    for blk in range(n // 128):
        base = blk * 128
        for j in range(32):
            out[blk * 32 + j] = ((values[base + j] + 1) << 6 | (values[base + 32 + j] + 1) << 4
                                 | (values[base + 64 + j] + 1) << 2 | (values[base + 96 + j] + 1))
    out[n // 4:n // 4 + 4] = struct.pack("<f", scale)
    return bytes(out)


class Writer:
    def __init__(self):
        self.kv = []        # serialized entries
        self.keys = set()
        self.tensors = []   # (name, type, ne, data)

    def _key(self, key, vtype, payload):
        if key in self.keys:
            raise ValueError(f"duplicate metadata key {key}")
        self.keys.add(key)
        self.kv.append(_s(key) + struct.pack("<I", vtype) + payload)

    def u32(self, key, v):
        self._key(key, _U32, struct.pack("<I", v))

    def f32(self, key, v):
        self._key(key, _F32, struct.pack("<f", v))

    def bool(self, key, v):
        self._key(key, _BOOL, struct.pack("<B", 1 if v else 0))

    def str(self, key, v):
        self._key(key, _STR, _s(v))

    def arr_str(self, key, items):
        self._key(key, _ARR, struct.pack("<IQ", _STR, len(items)) + b"".join(_s(x) for x in items))

    def arr_i32(self, key, items):
        self._key(key, _ARR, struct.pack("<IQ", _I32, len(items)) + struct.pack(f"<{len(items)}i", *items))

    def tensor(self, name, ttype, ne, data):
        """ne: dims fastest first (ne[0] = K, the row length, for a matrix); data: the encoded bytes."""
        n = 1
        for d in ne:
            n *= d
        want = {T_F32: 4 * n, T_F16: 2 * n}.get(ttype) if ttype != T_I2_S else i2s_bytes(n)
        if len(data) != want:
            raise ValueError(f"tensor {name}: {len(data)} bytes, expected {want}")
        self.tensors.append((name, ttype, list(ne), bytes(data)))

    def save(self, path):
        pad = lambda x: (ALIGN - x % ALIGN) % ALIGN
        head = bytearray(b"GGUF" + struct.pack("<IQQ", 3, len(self.tensors), len(self.kv)))
        for e in self.kv:
            head += e
        off = 0
        for name, ttype, ne, data in self.tensors:
            head += _s(name) + struct.pack("<I", len(ne)) + struct.pack(f"<{len(ne)}Q", *ne)
            head += struct.pack("<IQ", ttype, off)
            off += len(data) + pad(len(data))
        head += bytes(pad(len(head)))
        with open(path, "wb") as f:
            f.write(head)
            for _, _, _, data in self.tensors:
                f.write(data)
                f.write(bytes(pad(len(data))))
