#!/usr/bin/env python3
"""Measures the DGA model's false-positive and detection rate on labels it was not trained on.

Usage: bench/dga-model-eval.py [THRESHOLD] [MIN_LENGTH]
Benign: the held-out tenth of the training corpus (English words and public suffix labels, see
scripts/train-dga-model.py). DGA-style: seeded random labels in the styles of common families (uniform
letters; letters and digits; hex). Scores with the shipped model exactly as DgaModel.Score does.
"""
import math
import os
import random
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
threshold = float(sys.argv[1]) if len(sys.argv) > 1 else -3.3
min_length = int(sys.argv[2]) if len(sys.argv) > 2 else 8
alphabet = "^abcdefghijklmnopqrstuvwxyz0123456789-"
rows = []
with open(os.path.join(root, "src/Dnscert.Traffic/Detectors/Resources/dga-bigrams.txt")) as f:
    for line in f:
        if line.startswith("#") or line.startswith("alphabet"):
            continue
        rows.append([float(x) for x in line.split()])


def score(label):
    prev, total = 0, 0.0
    for ch in label:
        cur = alphabet.index(ch) if ch in alphabet[1:] else 37
        total += rows[prev][cur]
        prev = cur
    total += rows[prev][0]
    return total / (len(label) + 1)


with tempfile.NamedTemporaryFile("r", suffix=".txt") as held:
    with open(os.devnull, "w") as sink:
        subprocess.run([sys.executable, os.path.join(root, "scripts/train-dga-model.py"), f"--holdout={held.name}"], check=True, stdout=sink)
    benign = [w for w in held.read().split() if len(w) >= min_length]

rng = random.Random(42)
styles = {
    "letters": "abcdefghijklmnopqrstuvwxyz",
    "letters+digits": "abcdefghijklmnopqrstuvwxyz0123456789",
    "hex": "0123456789abcdef",
}
print(f"threshold {threshold}, labels of at least {min_length} characters")
fp = sum(1 for w in benign if score(w) < threshold)
print(f"benign held-out labels: {len(benign)}, flagged {fp} = false-positive rate {fp / len(benign):.2%}")
for style, chars in styles.items():
    names = ["".join(rng.choice(chars) for _ in range(rng.randint(min_length, 20))) for _ in range(5000)]
    hit = sum(1 for n in names if score(n) < threshold)
    print(f"DGA-style {style}: 5000 labels, detected {hit} = detection rate {hit / 5000:.2%}")
