"""The trained trees as flat numpy arrays, evaluated without LightGBM's per-call overhead.

LightGBM's ``predict`` costs about a millisecond per call whatever the number of rows, more than parsing
and standardising a structure, and an assessment scores one structure at a time. The trees of a binary
model with numerical splits only (what ``train`` builds: no categorical features, no missing values, depth
bounded) are copied once into flat arrays, where a leaf is a node that leads to itself, and walked for
every tree at once, one level per step: the same sums and sigmoid as LightGBM to within rounding of the
last bit. ``Forest.of`` returns ``None`` for any other model, and the booster is used instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Forest"]


@dataclass(frozen=True)
class Forest:
    """Flat node arrays over every tree: feature, threshold, left and right child, value (leaves only)."""

    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int

    @classmethod
    def of(cls, dump: dict[str, Any]) -> Forest | None:
        """From ``Booster.dump_model()``; None when the model has splits this evaluator does not follow."""
        if str(dump.get("objective", "")).split(" ")[0] != "binary" or dump.get("num_tree_per_iteration") != 1:
            return None
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        depth = 0

        def add(node: dict[str, Any], level: int) -> int | None:
            nonlocal depth
            index = len(feature)
            feature.append(0)
            threshold.append(np.inf)
            left.append(index)
            right.append(index)
            value.append(0.0)
            if "leaf_value" in node:
                value[index] = node["leaf_value"]
                depth = max(depth, level)
                return index
            if node.get("decision_type") != "<=" or node.get("missing_type") not in ("None", None):
                return None
            feature[index], threshold[index] = node["split_feature"], node["threshold"]
            low, high = add(node["left_child"], level + 1), add(node["right_child"], level + 1)
            if low is None or high is None:
                return None
            left[index], right[index] = low, high
            return index

        for info in dump["tree_info"]:
            root = add(info["tree_structure"], 0)
            if root is None:
                return None
            roots.append(root)
        return cls(
            np.array(roots, np.int64),
            np.array(feature, np.int64),
            np.array(threshold, np.float64),
            np.array(left, np.int64),
            np.array(right, np.int64),
            np.array(value, np.float64),
            depth,
        )

    def to_members(self) -> dict[str, bytes]:
        """The arrays as ``.npy`` files by name (the model file keeps them, so loading needs no LightGBM)."""
        members = {f"{name}.npy": _npy(getattr(self, name)) for name in _ARRAYS}
        members["depth.npy"] = _npy(np.array(self.depth, np.int64))
        return members

    @classmethod
    def from_members(cls, members: dict[str, bytes]) -> Forest:
        """Back from ``to_members``; raises ``ValueError`` when an array is missing or of another shape."""
        try:
            arrays = {name: np.load(io.BytesIO(members[f"{name}.npy"]), allow_pickle=False) for name in _ARRAYS}
            depth = int(np.load(io.BytesIO(members["depth.npy"]), allow_pickle=False))
        except KeyError as exc:
            raise ValueError(f"the stored trees lack {exc.args[0]}") from exc
        except EOFError as exc:  # an empty member: numpy says so with EOFError, not ValueError
            raise ValueError("the stored trees are cut short") from exc
        nodes = {len(arrays[name]) for name in _ARRAYS if name != "roots"}
        if len(nodes) != 1 or arrays["roots"].ndim != 1:
            raise ValueError("the stored trees' arrays differ in length")
        return cls(depth=depth, **arrays)

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Probabilities, one per row of ``features`` (as LightGBM's ``predict`` gives them)."""
        rows = np.asarray(features, dtype=np.float64)
        if rows.shape[0] == 1:  # one structure (an assessment): flat indexing, no row axis
            x, node = rows[0], self.roots
            for _ in range(self.depth):
                node = np.where(x[self.feature[node]] <= self.threshold[node], self.left[node], self.right[node])
            raw = np.array([self.value[node].sum()])
        else:
            node = np.broadcast_to(self.roots, (rows.shape[0], len(self.roots))).copy()
            row_index = np.arange(rows.shape[0])[:, None]
            for _ in range(self.depth):
                go_left = rows[row_index, self.feature[node]] <= self.threshold[node]
                node = np.where(go_left, self.left[node], self.right[node])
            raw = self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


_ARRAYS = ("roots", "feature", "threshold", "left", "right", "value")


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()
