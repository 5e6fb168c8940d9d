#!/usr/bin/env python3
"""Re-run a Sunshine double-random draw (algorithm sunshine-draw-v1) from its
public record, independently of the system. Python 3 standard library only.

    python3 docs/verify_draw.py population.csv \
        --beacon "2026318期 5 3 8" --nonce 6f1c... \
        --mode percent --value 4 --risk 25

population.csv is the campaign's "frozen population" download (columns:
stratum, id, risk weight, credit code, name). --beacon and --nonce are shown on
the campaign's public page after the draw; --mode/--value/--risk are the plan.
Prints the population hash, the seed and the drawn organizations in draw
order; compare them with the page. (The inspectors' assignment is re-run by
the page itself and by `server verify-draw`.)
"""
import argparse
import csv
import hashlib

MAX = 2**64 - 1


class Stream:
    def __init__(self, seed: bytes):
        self.seed, self.block, self.buf = seed, 0, []

    def next_u64(self) -> int:
        if not self.buf:
            out = hashlib.sha256(self.seed + self.block.to_bytes(8, "big")).digest()
            self.buf = [int.from_bytes(out[i:i + 8], "big") for i in range(0, 32, 8)]
            self.block += 1
        return self.buf.pop(0)

    def below(self, bound: int) -> int:
        zone = MAX - (MAX % bound)
        while True:
            v = self.next_u64()
            if v < zone:
                return v % bound


def sample_size(size, mode, value):
    if mode == "percent":
        return min(-(-size * value // 100), size)
    return min(value, size)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("population")
    p.add_argument("--beacon", required=True)
    p.add_argument("--nonce", required=True)
    p.add_argument("--mode", choices=["percent", "count"], required=True)
    p.add_argument("--value", type=int, required=True)
    p.add_argument("--risk", type=int, default=0)
    a = p.parse_args()

    strata, names = {}, {}
    with open(a.population, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for key, ident, weight, code, name in rows:
            strata.setdefault(key, []).append((int(ident), int(weight)))
            names[int(ident)] = f"{name} {code}"
    keys = sorted(strata, key=lambda k: k.encode())
    h = hashlib.sha256()
    for k in keys:
        strata[k].sort()
        h.update(f"[{k}]\n".encode())
        for ident, w in strata[k]:
            h.update((f"{ident}\n" if w == 1 else f"{ident}*{w}\n").encode())
    pop_hash = h.hexdigest()
    seed = hashlib.sha256(f"{a.beacon}:{a.nonce}:{pop_hash}".encode()).digest()
    print("population hash", pop_hash)
    print("seed           ", seed.hex())
    position = 0
    for k in keys:
        members = strata[k]
        n = sample_size(len(members), a.mode, a.value)
        w = n * a.risk // 100
        rng = Stream(hashlib.sha256(seed + b":" + k.encode()).digest())
        weights = [m[1] for m in members]
        taken = [False] * len(members)
        total = sum(weights)
        drawn = []
        for _ in range(w):
            if total == 0:
                break
            r = rng.below(total)
            acc = 0
            for i, wt in enumerate(weights):
                acc += wt
                if r < acc:
                    break
            taken[i] = True
            total -= weights[i]
            weights[i] = 0
            drawn.append((members[i][0], "weight"))
        rest = [m[0] for m, t in zip(members, taken) if not t]
        for i in range(n - len(drawn)):
            j = i + rng.below(len(rest) - i)
            rest[i], rest[j] = rest[j], rest[i]
            drawn.append((rest[i], "uniform"))
        for ident, how in drawn:
            position += 1
            print(f"{position}\t{k}\t{ident}\t{how}\t{names[ident]}")


if __name__ == "__main__":
    main()
