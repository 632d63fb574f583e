"""The regularization scenario's settings: the values each one may take (a file's are
checked against them), their defaults, and the words the control panel shows for them (a
label for every value, a tip for every setting). No Qt here."""

from __future__ import annotations

RATES = (0.0, 0.0003, 0.001, 0.003, 0.01, 0.03)
CHOICES = {
    "dataset": ("circle", "moons", "gaussians", "xor_quadrants"),
    "noise": (0.2, 0.35, 0.5),
    "n_train": (20, 40, 80),
    "l2": RATES, "l1": RATES,
    "dropout": (0.0, 0.1, 0.2, 0.3, 0.5),
    "early_stopping": (False, True),
    "patience": (10, 30, 100),
    "seed": tuple(range(100)),
}
LABELS = {
    "dataset": {"circle": "Circle", "moons": "Two moons", "gaussians": "Two Gaussians",
                "xor_quadrants": "XOR quadrants"},
    "noise": {0.2: "some", 0.35: "a lot", 0.5: "very much"},
    "n_train": {n: f"{n} points" for n in (20, 40, 80)},
    "l2": {r: "off" if r == 0 else f"λ₂ = {r:g}" for r in RATES},
    "l1": {r: "off" if r == 0 else f"λ₁ = {r:g}" for r in RATES},
    "dropout": {p: "off" if p == 0 else f"drop {p:.0%} of hidden units" for p in
                (0.0, 0.1, 0.2, 0.3, 0.5)},
    "patience": {p: f"after {p} epochs without progress" for p in (10, 30, 100)},
}
TIPS = {
    "dataset": "The shape of the two classes",
    "noise": "How much the classes overlap: more noise, more to overfit",
    "n_train": "How many training points (the test set is always 200 others)",
    "l2": "L2 penalty ½λ₂Σw² added to the loss: its gradient λ₂w pulls each weight toward "
          "0, the big ones hardest",
    "l1": "L1 penalty λ₁Σ|w| added to the loss: its gradient λ₁·sign(w) pulls each weight "
          "toward 0 by the same amount, so unneeded weights end close to 0",
    "dropout": "During training, switch off this share of the hidden units at random on "
               "every step (inverted dropout: the others are scaled up)",
    "patience": "Early stopping: how long the test loss may fail to improve",
}
DEFAULTS = {"dataset": "circle", "noise": 0.35, "n_train": 40, "l2": 0.0, "l1": 0.0,
            "dropout": 0.0, "early_stopping": False, "patience": 30, "seed": 0}
