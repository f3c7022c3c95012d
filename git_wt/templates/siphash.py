"""SipHash-1-3 and the short hashes built on it, identical to Worktrunk's (Rust's DefaultHasher)."""

from __future__ import annotations

import struct

_MASK = 0xFFFFFFFFFFFFFFFF
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _rotl(x: int, b: int) -> int:
    return ((x << b) | (x >> (64 - b))) & _MASK


def siphash13(data: bytes, k0: int = 0, k1: int = 0) -> int:
    """SipHash-1-3, the algorithm behind Rust's DefaultHasher (keys 0, 0 there)."""
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573

    def rounds(v0: int, v1: int, v2: int, v3: int) -> tuple[int, int, int, int]:
        v0 = (v0 + v1) & _MASK
        v1 = _rotl(v1, 13) ^ v0
        v0 = _rotl(v0, 32)
        v2 = (v2 + v3) & _MASK
        v3 = _rotl(v3, 16) ^ v2
        v0 = (v0 + v3) & _MASK
        v3 = _rotl(v3, 21) ^ v0
        v2 = (v2 + v1) & _MASK
        v1 = _rotl(v1, 17) ^ v2
        v2 = _rotl(v2, 32)
        return v0, v1, v2, v3

    length = len(data)
    tail_start = length - length % 8
    for i in range(0, tail_start, 8):
        (m,) = struct.unpack_from("<Q", data, i)
        v3 ^= m
        v0, v1, v2, v3 = rounds(v0, v1, v2, v3)
        v0 ^= m
    last = (length & 0xFF) << 56
    for i, byte in enumerate(data[tail_start:]):
        last |= byte << (8 * i)
    v3 ^= last
    v0, v1, v2, v3 = rounds(v0, v1, v2, v3)
    v0 ^= last
    v2 ^= 0xFF
    for _ in range(3):
        v0, v1, v2, v3 = rounds(v0, v1, v2, v3)
    return (v0 ^ v1 ^ v2 ^ v3) & _MASK


def stable_hash(value: str) -> int:
    """Rust's `str` Hash: the UTF-8 bytes followed by a 0xFF terminator."""
    return siphash13(value.encode("utf-8", "surrogateescape") + b"\xff")


def short_hash(value: str) -> str:
    """Three base-36 digits of the value's stable hash."""
    h = stable_hash(value)
    return "".join(_BASE36[(h // 36**i) % 36] for i in range(3))
