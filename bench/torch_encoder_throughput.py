#!/usr/bin/python3
"""PyTorch side of the encoder benchmark: the throughput of a randomly initialised
XLM-R-shaped encoder in PyTorch fp32 on given batches, for bench/neural_compare.cpp
(TRENCHCOAT_BENCH_TORCH="/usr/bin/python3 bench/torch_encoder_throughput.py").

Usage:
  /usr/bin/python3 bench/torch_encoder_throughput.py --batches FILE [--threads N] [--torch-threads T]
                                                     [--head none|comet] [--repeat R] [--seed S]
FILE (JSON): {"hidden": 1024, "layers": 24, "heads": 16, "intermediate": 4096, "vocab": 250002,
              "batches": [[[ids...], [ids...], ...], ...]}   (ids with their special tokens)

The encoder is tests/neural/torch_reference.py's xlmr_encoder (the same
operations HF's XLMRobertaModel runs in eager mode: F.linear, matmul, softmax, layer_norm, exact GELU),
with random weights (N(0, 0.02^2) matrices) built once. Every batch runs padded to its longest
sequence with pad id 1 and an attention mask, as COMET runs it, under torch.inference_mode().
The timed region is, per repeat, all batches one after the other (padding included); the result is
the best of R repeats.

--head none (default): the encoder only (all L+1 hidden states are produced, as COMET asks for them).
--head comet: also the wmt22-comet-da head per batch (unbabel-comet 2.2.x): sparsemax layer mix over the L+1
  states, mask-aware mean pooling, and the estimator 6H -> 3072 -> 1024 -> 1 on the features
  [m, r, m*r, |m-r|, m*s, |m-s|] where m is each sequence's pooled embedding and r = s is the batch's
  embeddings rolled by one (the head's cost, not a meaningful score).

Threads: OPENBLAS_NUM_THREADS=N (the GEMM threads: Debian's torch calls the system BLAS, OpenBLAS
pthreads) and OMP_NUM_THREADS=T (torch's intra-op OpenMP pool for the element-wise ops, softmax,
LayerNorm) are set BEFORE torch is imported; torch.set_num_threads(T) too. T defaults to N. On the 2-core
development VM, T=1 with N=2 is faster than T=N=2 (the OpenMP workers spin while OpenBLAS's threads
run the GEMMs): measure both and report the better one as PyTorch's figure.

Output: one flat JSON line (no nested objects: the C++ driver parses from the last '{'):
{"seconds": S, "tokens": real tokens, "padded_tokens": P, "tokens_per_second": tokens / S,
 "torch": version, "threads": N, "torch_threads": T, "head": ..., "peak_rss_mb": M,
 "build_seconds": time to build the random model, "repeat": R, "batches": count}
peak_rss_mb is the process's peak resident set (ru_maxrss), model weights included.
"""
import argparse
import json
import os
import resource
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batches", required=True, help="JSON file: model shape and batches of token ids")
    parser.add_argument("--threads", type=int, default=1, help="BLAS (GEMM) threads (OPENBLAS_NUM_THREADS)")
    parser.add_argument("--torch-threads", type=int, default=None,
                        help="torch intra-op threads (OMP_NUM_THREADS, torch.set_num_threads); default: --threads")
    parser.add_argument("--head", choices=("none", "comet"), default="none")
    parser.add_argument("--repeat", type=int, default=3, help="repeats; the best time is reported")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.threads < 1 or args.repeat < 1 or (args.torch_threads is not None and args.torch_threads < 1):
        parser.error("--threads, --torch-threads and --repeat must be >= 1")
    if args.torch_threads is None:
        args.torch_threads = args.threads
    return args


def main():
    args = parse_args()
    # Thread settings must be in the environment before torch (and its BLAS) is loaded.
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    os.environ["OMP_NUM_THREADS"] = str(args.torch_threads)
    os.environ["MKL_NUM_THREADS"] = str(args.threads)

    import torch
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "neural"))
    import torch_reference as ref

    torch.set_num_threads(args.torch_threads)
    with open(args.batches, encoding="utf-8") as f:
        spec = json.load(f)
    cfg = ref.XlmrConfig(vocab_size=int(spec["vocab"]), hidden_size=int(spec["hidden"]), num_layers=int(spec["layers"]),
                         num_heads=int(spec["heads"]), intermediate_size=int(spec["intermediate"]))
    batches = [[list(map(int, seq)) for seq in batch] for batch in spec["batches"] if batch]
    for batch in batches:
        for seq in batch:
            if not seq or len(seq) > cfg.max_position_embeddings - 2:
                sys.exit(f"{args.batches}: a sequence has {len(seq)} ids; 1..{cfg.max_position_embeddings - 2} allowed")
            if min(seq) < 0 or max(seq) >= cfg.vocab_size:
                sys.exit(f"{args.batches}: token id out of range [0, {cfg.vocab_size})")

    build_start = time.perf_counter()
    init = ref.RandomInit(seed=args.seed, matrix_std=0.02, noise=0.02)
    with torch.inference_mode():
        sd = ref.random_xlmr_encoder(init, cfg, "encoder.model.")
        if args.head == "comet":
            ref.random_comet_head(init, cfg.num_layers, [0.0] * (cfg.num_layers - 1) + [0.5, 1.0], 1.0,
                                  6 * cfg.hidden_size, [3072, 1024], sd)
    build_seconds = time.perf_counter() - build_start

    real_tokens = sum(len(seq) for batch in batches for seq in batch)
    padded_tokens = sum(len(batch) * max(len(seq) for seq in batch) for batch in batches)

    def run_batch(batch):
        ids, mask = ref.pad_batch(batch, cfg.pad_token_id)
        hidden = ref.xlmr_encoder(sd, "encoder.model.", cfg, ids, mask)
        if args.head == "none":
            return hidden[-1][0, 0, 0]
        params, gamma = ref.comet_mix_weights(sd, cfg.num_layers)
        m = ref.average_pool(ids, ref.layer_mix(hidden, params, gamma, "sparsemax"), mask, cfg.pad_token_id)
        r = torch.roll(m, 1, 0)
        features = torch.cat((m, r, m * r, torch.abs(m - r), m * r, torch.abs(m - r)), dim=1)
        return ref.feed_forward(sd, "estimator.ff.", features, 3)[0, 0]

    best = float("inf")
    with torch.inference_mode():
        for _ in range(args.repeat):
            start = time.perf_counter()
            for batch in batches:
                run_batch(batch)
            best = min(best, time.perf_counter() - start)

    print(json.dumps({
        "seconds": best,
        "tokens": real_tokens,
        "padded_tokens": padded_tokens,
        "tokens_per_second": real_tokens / best if best > 0 else None,
        "torch": torch.__version__,
        "threads": args.threads,
        "torch_threads": args.torch_threads,
        "head": args.head,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "build_seconds": build_seconds,
        "repeat": args.repeat,
        "batches": len(batches),
    }))


if __name__ == "__main__":
    main()
