"""Searching and tuning a small Transformer language model with optuna-gfo's samplers.

Stage 1 searches the architecture with GASampler under a parameter budget, stage 2 tunes the
winner's training with GPEISampler, stage 3 compresses it (distillation searched by GPEISampler,
then int8 dynamic quantization). The corpus is synthetic, with a known best perplexity.
Run ``python -m examples.llm --preset short`` from the repository root; see README.md here.
"""
