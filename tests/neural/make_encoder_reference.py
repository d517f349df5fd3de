#!/usr/bin/env python3
"""Reference forwards of tiny random encoders, for tests/neural/encoder_test.cpp.

Usage: make_encoder_reference.py OUTDIR  -> writes OUTDIR/encoder_reference/reference.json

Two tiny models (2 layers, hidden 64, 4 heads, FFN 128) with random weights:
  * "xlm_roberta": HF XLMRobertaModel layout and math below the prefix "roberta.";
  * "deberta_v2": HF DebertaV2Model layout and math below the prefix "deberta."
    (log buckets with position_buckets=16 so that short sequences reach the log range and the clamp,
    and one sequence longer than max_position_embeddings).
The forward below is written from the HF models' math with plain torch operations on a padded batch with
attention masks (the C++ encoder runs packed, without padding), in float32.
Each model entry: "config" (an HF config.json), "prefix", "tensors" {name: {"shape", "data"}},
"sequences" (token ids), "hidden_states" (per layer 0..num_layers, the real tokens' states packed in
sequence order, flattened row-major).
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

HIDDEN, HEADS, FFN, LAYERS, VOCAB = 64, 4, 128, 2, 100


def random_weights(generator, names_and_shapes):
    tensors = {}
    for name, shape in names_and_shapes:
        if name.endswith("LayerNorm.weight"):
            t = 1.0 + 0.1 * torch.randn(shape, generator=generator)
        elif name.endswith(".bias"):
            t = 0.05 * torch.randn(shape, generator=generator)
        elif "embeddings" in name:
            t = 0.5 * torch.randn(shape, generator=generator)
        else:
            t = 0.15 * torch.randn(shape, generator=generator)
        tensors[name] = t.float()
    return tensors


def layer_names(query, key, value):
    names = []
    for l in range(LAYERS):
        b = f"encoder.layer.{l}."
        for proj in (query, key, value):
            names += [(b + f"attention.self.{proj}.weight", (HIDDEN, HIDDEN)), (b + f"attention.self.{proj}.bias", (HIDDEN,))]
        names += [(b + "attention.output.dense.weight", (HIDDEN, HIDDEN)), (b + "attention.output.dense.bias", (HIDDEN,)),
                  (b + "attention.output.LayerNorm.weight", (HIDDEN,)), (b + "attention.output.LayerNorm.bias", (HIDDEN,)),
                  (b + "intermediate.dense.weight", (FFN, HIDDEN)), (b + "intermediate.dense.bias", (FFN,)),
                  (b + "output.dense.weight", (HIDDEN, FFN)), (b + "output.dense.bias", (HIDDEN,)),
                  (b + "output.LayerNorm.weight", (HIDDEN,)), (b + "output.LayerNorm.bias", (HIDDEN,))]
    return names


def linear(x, W, name):
    return x @ W[name + ".weight"].t() + W[name + ".bias"]


def layer_norm(x, W, name, eps):
    return F.layer_norm(x, (x.shape[-1],), W[name + ".weight"], W[name + ".bias"], eps)


def heads(x):  # [B, L, hidden] -> [B, H, L, d]
    b, l, _ = x.shape
    return x.view(b, l, HEADS, HIDDEN // HEADS).permute(0, 2, 1, 3)


def merge(x):  # [B, H, L, d] -> [B, L, hidden]
    b, h, l, d = x.shape
    return x.permute(0, 2, 1, 3).reshape(b, l, h * d)


def ffn_and_norms(x, attended, W, b, eps):
    x = layer_norm(linear(attended, W, b + "attention.output.dense") + x, W, b + "attention.output.LayerNorm", eps)
    f = F.gelu(linear(x, W, b + "intermediate.dense"))  # exact erf GELU
    return layer_norm(linear(f, W, b + "output.dense") + x, W, b + "output.LayerNorm", eps)


def pad_batch(sequences, pad):
    longest = max(len(s) for s in sequences)
    ids = torch.full((len(sequences), longest), pad, dtype=torch.long)
    mask = torch.zeros((len(sequences), longest), dtype=torch.long)
    for i, s in enumerate(sequences):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
    return ids, mask


def xlm_roberta_forward(W, config, sequences):
    pad, eps = config["pad_token_id"], config["layer_norm_eps"]
    ids, mask = pad_batch(sequences, pad)
    not_pad = (ids != pad).long()
    positions = torch.cumsum(not_pad, dim=1) * not_pad + pad  # as HF create_position_ids_from_input_ids
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.token_type_embeddings.weight"][0]
    x = x + W["embeddings.position_embeddings.weight"][positions]
    x = layer_norm(x, W, "embeddings.LayerNorm", eps)
    states = [x]
    additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for l in range(LAYERS):
        b = f"encoder.layer.{l}."
        q, k, v = (heads(linear(x, W, b + f"attention.self.{p}")) for p in ("query", "key", "value"))
        scores = q @ k.transpose(-1, -2) * (1.0 / math.sqrt(HIDDEN // HEADS)) + additive
        attended = merge(torch.softmax(scores, dim=-1) @ v)
        x = ffn_and_norms(x, attended, W, b, eps)
        states.append(x)
    return states, mask


def log_bucket(rel, bucket_size, max_position):  # HF make_log_bucket_position, float32
    sign = torch.sign(rel)
    mid = bucket_size // 2
    magnitude = torch.where((rel < mid) & (rel > -mid), torch.tensor(mid - 1).type_as(rel), torch.abs(rel))
    log_position = torch.ceil(torch.log(magnitude / mid) / torch.log(torch.tensor((max_position - 1) / mid)) * (mid - 1)) + mid
    return torch.where(magnitude <= mid, rel.type_as(log_position), log_position * sign).long()


def deberta_forward(W, config, sequences):
    eps = config["layer_norm_eps"]
    buckets, max_relative = config["position_buckets"], config["max_relative_positions"]
    if max_relative < 1:
        max_relative = config["max_position_embeddings"]
    span = buckets if buckets > 0 else max_relative
    ids, mask = pad_batch(sequences, config["pad_token_id"])
    x = layer_norm(W["embeddings.word_embeddings.weight"][ids], W, "embeddings.LayerNorm", eps)
    x = x * mask[:, :, None].float()
    states = [x]
    length = ids.shape[1]
    rel = torch.arange(length)[:, None] - torch.arange(length)[None, :]
    bucket = log_bucket(rel, buckets, max_relative)
    R = layer_norm(W["encoder.rel_embeddings.weight"][: 2 * span], W, "encoder.LayerNorm", eps)
    scale = math.sqrt((HIDDEN // HEADS) * 3)
    mask2 = (mask[:, None, :, None] * mask[:, None, None, :]).bool()
    B = ids.shape[0]
    for l in range(LAYERS):
        b = f"encoder.layer.{l}."
        q, k, v = (heads(linear(x, W, b + f"attention.self.{p}")) for p in ("query_proj", "key_proj", "value_proj"))
        pos_q = heads(linear(R[None], W, b + "attention.self.query_proj"))  # [1, H, 2span, d]
        pos_k = heads(linear(R[None], W, b + "attention.self.key_proj"))
        scores = q @ (k / scale).transpose(-1, -2)
        c2p_index = torch.clamp(bucket + span, 0, 2 * span - 1).expand(B, HEADS, length, length)
        c2p = torch.gather(q @ pos_k.transpose(-1, -2), -1, c2p_index)
        p2c_index = torch.clamp(-bucket + span, 0, 2 * span - 1).expand(B, HEADS, length, length)
        p2c = torch.gather(k @ pos_q.transpose(-1, -2), -1, p2c_index).transpose(-1, -2)
        scores = scores + c2p / scale + p2c / scale
        scores = scores.masked_fill(~mask2, torch.finfo(torch.float32).min)
        probabilities = torch.softmax(scores, dim=-1).masked_fill(~mask2, 0.0)
        attended = merge(probabilities @ v)
        x = ffn_and_norms(x, attended, W, b, eps)
        states.append(x)
    return states, mask


def packed(states, mask):
    rows = []
    for layer in states:
        flat = []
        for s in range(layer.shape[0]):
            n = int(mask[s].sum())
            flat += layer[s, :n].reshape(-1).tolist()
        rows.append(flat)
    return rows


def model_entry(config, prefix, W, sequences, states, mask):
    return {
        "config": config,
        "prefix": prefix,
        "tensors": {prefix + name: {"shape": list(t.shape), "data": t.reshape(-1).tolist()} for name, t in W.items()},
        "sequences": sequences,
        "hidden_states": packed(states, mask),
    }


def main():
    out = os.path.join(sys.argv[1], "encoder_reference")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(20261128)

    xlmr_config = {"model_type": "xlm-roberta", "vocab_size": VOCAB, "hidden_size": HIDDEN, "num_hidden_layers": LAYERS,
                   "num_attention_heads": HEADS, "intermediate_size": FFN, "max_position_embeddings": 66,
                   "type_vocab_size": 1, "pad_token_id": 1, "layer_norm_eps": 1e-5, "hidden_act": "gelu",
                   "position_embedding_type": "absolute"}
    names = [("embeddings.word_embeddings.weight", (VOCAB, HIDDEN)), ("embeddings.position_embeddings.weight", (66, HIDDEN)),
             ("embeddings.token_type_embeddings.weight", (1, HIDDEN)), ("embeddings.LayerNorm.weight", (HIDDEN,)),
             ("embeddings.LayerNorm.bias", (HIDDEN,))] + layer_names("query", "key", "value")
    W = random_weights(generator, names)
    ids = lambda n: torch.randint(4, VOCAB, (n,), generator=generator).tolist()
    # <s> ... </s>; one sequence with a pad id (1) inside (its position stays 1, later ones continue), one of
    # the maximum length (64 tokens: positions up to 65).
    sequences = [[0, 2], [0] + ids(3) + [2], [0] + ids(10) + [1] + ids(10) + [2], [0] + ids(62) + [2], [0] + ids(7) + [2]]
    states, mask = xlm_roberta_forward(W, xlmr_config, sequences)
    result = {"xlm_roberta": model_entry(xlmr_config, "roberta.", W, sequences, states, mask)}

    deberta_config = {"model_type": "deberta-v2", "vocab_size": VOCAB, "hidden_size": HIDDEN, "num_hidden_layers": LAYERS,
                      "num_attention_heads": HEADS, "intermediate_size": FFN, "max_position_embeddings": 64,
                      "type_vocab_size": 0, "pad_token_id": 0, "layer_norm_eps": 1e-7, "hidden_act": "gelu",
                      "relative_attention": True, "position_buckets": 16, "max_relative_positions": -1,
                      "pos_att_type": ["p2c", "c2p"], "share_att_key": True, "norm_rel_ebd": "layer_norm",
                      "position_biased_input": False}
    names = [("embeddings.word_embeddings.weight", (VOCAB, HIDDEN)), ("embeddings.LayerNorm.weight", (HIDDEN,)),
             ("embeddings.LayerNorm.bias", (HIDDEN,)), ("encoder.rel_embeddings.weight", (32, HIDDEN)),
             ("encoder.LayerNorm.weight", (HIDDEN,)), ("encoder.LayerNorm.bias", (HIDDEN,))] + layer_names(
                 "query_proj", "key_proj", "value_proj")
    W = random_weights(generator, names)
    # [CLS]=1 ... [SEP]=2; lengths 1 .. 80 (80 > max_position_embeddings 64: relative attention, clamped buckets).
    sequences = [[1], [1] + ids(3) + [2], [1] + ids(21) + [2], [1] + ids(78) + [2], [1] + ids(9) + [2] + ids(5) + [2]]
    states, mask = deberta_forward(W, deberta_config, sequences)
    result["deberta_v2"] = model_entry(deberta_config, "deberta.", W, sequences, states, mask)

    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
