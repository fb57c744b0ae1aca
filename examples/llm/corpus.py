"""A synthetic language whose best achievable perplexity is known exactly.

The source is a first-order Markov chain over a lexicon of made-up words, written out as
characters with a space after each word. Each word's successors are drawn from a sparse Dirichlet
distribution, so the text has a grammar of sorts (a word is followed by a handful of likely
words), and the spelling inside a word is deterministic.

Why the floor is exact: the words, each followed by a space, form a prefix-free code (a space
never occurs inside a word), so the text can be parsed back into words without ambiguity, and the
probability of a text is the probability of its word sequence. The entropy rate of the character
process is therefore the word chain's entropy rate divided by the mean number of characters per
word, both taken under the chain's stationary distribution:

    floor (nats per character) = sum_i pi_i H(P[i, :]) / sum_i pi_i (len(word_i) + 1)

No model can do better than this on average, and a model that sees the whole previous word and
the current word's prefix can reach it: the context needed is at most twice the longest word
plus two characters (MarkovWordSource.context_needed).
"""

from __future__ import annotations

from dataclasses import dataclass
import math

import numpy as np

ALPHABET = "abcdefghijklmnop"
SEPARATOR = " "
# The characters a model sees, in token-id order.
VOCABULARY = SEPARATOR + ALPHABET


@dataclass(frozen=True)
class MarkovWordSource:
    """The lexicon, the word transition matrix and its stationary distribution."""

    words: tuple[str, ...]
    transitions: np.ndarray  # (words, words), rows sum to 1
    stationary: np.ndarray  # (words,), pi = pi @ transitions

    @classmethod
    def generate(
        cls,
        seed: int,
        n_words: int = 32,
        min_length: int = 2,
        max_length: int = 5,
        concentration: float = 0.08,
    ) -> MarkovWordSource:
        """A random language: `n_words` distinct words of `min_length` to `max_length` letters,
        and successor distributions drawn from a symmetric Dirichlet(`concentration`) (smaller:
        fewer likely successors, lower entropy)."""
        rng = np.random.default_rng(seed)
        words: list[str] = []
        while len(words) < n_words:
            length = int(rng.integers(min_length, max_length + 1))
            word = "".join(ALPHABET[i] for i in rng.integers(len(ALPHABET), size=length))
            if word not in words:
                words.append(word)
        transitions = rng.dirichlet(np.full(n_words, concentration), size=n_words)
        # A Dirichlet draw with a tiny concentration can underflow to exact zeros; a floor keeps
        # the chain irreducible (so the stationary distribution is unique) and every log finite.
        transitions = np.maximum(transitions, 1e-6)
        return cls.from_transitions(words, transitions)

    @classmethod
    def from_transitions(cls, words: list[str], transitions: np.ndarray) -> MarkovWordSource:
        """A source with the given words and transition matrix (rows are normalized)."""
        if any(not w or set(w) - set(ALPHABET) for w in words) or len(set(words)) != len(words):
            raise ValueError(f"words must be distinct, non-empty strings over {ALPHABET!r}")
        transitions = np.asarray(transitions, dtype=float)
        if transitions.shape != (len(words), len(words)) or np.any(transitions <= 0):
            raise ValueError("transitions must be a positive (words x words) matrix")
        transitions = transitions / transitions.sum(axis=1, keepdims=True)
        return cls(tuple(words), transitions, _stationary_distribution(transitions))

    def context_needed(self) -> int:
        """Characters of context that make a model's best prediction the source's own: the
        current word so far (at most the longest word), a space, the whole previous word, and
        the space before it, which marks where that word starts."""
        return 2 * max(len(w) for w in self.words) + 2

    def entropy_rate_per_word(self) -> float:
        """Nats per word: sum_i pi_i H(P[i, :])."""
        row_entropies = -np.sum(self.transitions * np.log(self.transitions), axis=1)
        return float(self.stationary @ row_entropies)

    def mean_characters_per_word(self) -> float:
        """Letters plus the separator, averaged under the stationary distribution."""
        lengths = np.array([len(w) + 1 for w in self.words], dtype=float)
        return float(self.stationary @ lengths)

    def entropy_floor(self) -> float:
        """The entropy rate in nats per character: the lowest achievable mean cross-entropy."""
        return self.entropy_rate_per_word() / self.mean_characters_per_word()

    def perplexity_floor(self) -> float:
        return math.exp(self.entropy_floor())

    def sample_words(self, n_words: int, seed: int) -> np.ndarray:
        """Word indices of a stationary run of the chain (the first word drawn from pi)."""
        rng = np.random.default_rng(seed)
        cumulative = np.cumsum(self.transitions, axis=1)
        uniforms = rng.random(n_words)
        indices = np.empty(n_words, dtype=np.int64)
        current = _draw(np.cumsum(self.stationary), uniforms[0])
        indices[0] = current
        for position in range(1, n_words):
            current = _draw(cumulative[current], uniforms[position])
            indices[position] = current
        return indices

    def text(self, word_indices: np.ndarray) -> str:
        return "".join(self.words[i] + SEPARATOR for i in word_indices)

    def log_likelihood(self, word_indices: np.ndarray) -> float:
        """Log-probability (nats) of the text of these words under the true source. By the
        prefix-free parsing this is also the probability of the character string."""
        first = math.log(self.stationary[word_indices[0]])
        transitions = self.transitions[word_indices[:-1], word_indices[1:]]
        return first + float(np.sum(np.log(transitions)))


def encode(text: str) -> np.ndarray:
    """Token ids (int64) of a text over VOCABULARY."""
    lookup = np.full(128, -1, dtype=np.int64)
    for token, character in enumerate(VOCABULARY):
        lookup[ord(character)] = token
    ids = lookup[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]
    if np.any(ids < 0):
        raise ValueError("text has characters outside the vocabulary")
    return ids


def decode(ids: np.ndarray) -> str:
    return "".join(VOCABULARY[i] for i in ids)


@dataclass(frozen=True)
class Corpus:
    """Training and validation token ids from one source, and the source's floor."""

    source: MarkovWordSource
    train: np.ndarray
    validation: np.ndarray

    @classmethod
    def generate(cls, seed: int, train_words: int, validation_words: int) -> Corpus:
        source = MarkovWordSource.generate(seed)
        # Two independent runs of the chain, seeded apart from the language itself.
        train = encode(source.text(source.sample_words(train_words, seed + 1)))
        validation = encode(source.text(source.sample_words(validation_words, seed + 2)))
        return cls(source, train, validation)

    @property
    def vocabulary_size(self) -> int:
        return len(VOCABULARY)

    @property
    def entropy_floor(self) -> float:
        return self.source.entropy_floor()

    @property
    def perplexity_floor(self) -> float:
        return self.source.perplexity_floor()


def _stationary_distribution(transitions: np.ndarray) -> np.ndarray:
    """The left eigenvector of eigenvalue 1, normalized to sum to 1."""
    values, vectors = np.linalg.eig(transitions.T)
    vector = np.real(vectors[:, np.argmin(np.abs(values - 1.0))])
    vector = np.abs(vector)
    return vector / vector.sum()


def _draw(cumulative: np.ndarray, uniform: float) -> int:
    """The index that a uniform draw in [0, 1) picks from a cumulative distribution."""
    index = int(np.searchsorted(cumulative, uniform * cumulative[-1], side="right"))
    return min(index, len(cumulative) - 1)
